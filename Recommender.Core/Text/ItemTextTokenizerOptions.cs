using Recommender.Data;

namespace Recommender.Text;

/// <summary>How an <see cref="ItemTextTokenizer"/> builds its vocabulary and encodes an item's text.</summary>
public sealed record ItemTextTokenizerOptions
{
    /// <summary>
    /// The text fields to encode, in order (see <see cref="ItemFields"/>).
    /// Default: <see cref="ItemFields.Title"/>, <see cref="ItemFields.Genres"/>, <see cref="ItemFields.Description"/>.
    /// </summary>
    public IReadOnlyList<string> Fields { get; init; } = [ItemFields.Title, ItemFields.Genres, ItemFields.Description];

    /// <summary>The most token ids an encoding has, separators included. Default 32.</summary>
    public int MaxTokens { get; init; } = 32;

    /// <summary>
    /// How many times a word must occur in the catalog's text to get its own vocabulary entry;
    /// rarer words are spelled with sub-word pieces. Default 2.
    /// </summary>
    public int MinWordFrequency { get; init; } = 2;

    /// <summary>
    /// The vocabulary size at which whole words stop being added. Default 20,000.
    /// Special tokens and single characters are always included, even beyond it.
    /// </summary>
    public int MaxVocabulary { get; init; } = 20_000;

    /// <summary>Whether text is lower-cased (invariant culture) before tokenizing. Default <see langword="true"/>.</summary>
    public bool Lowercase { get; init; } = true;

    /// <summary>Whether <paramref name="other"/> has the same settings, comparing <see cref="Fields"/> element by element.</summary>
    public bool Equals(ItemTextTokenizerOptions? other) =>
        other is not null
        && MaxTokens == other.MaxTokens
        && MinWordFrequency == other.MinWordFrequency
        && MaxVocabulary == other.MaxVocabulary
        && Lowercase == other.Lowercase
        && Fields.SequenceEqual(other.Fields, StringComparer.Ordinal);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(MaxTokens);
        hash.Add(MinWordFrequency);
        hash.Add(MaxVocabulary);
        hash.Add(Lowercase);
        foreach (var field in Fields)
        {
            hash.Add(field, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    /// <summary>What is wrong with these options, or <see langword="null"/> when they are usable.</summary>
    internal string? FindProblem()
    {
        if (Fields is null)
        {
            return "The fields to encode must not be null.";
        }

        if (Fields.Any(string.IsNullOrEmpty))
        {
            return "The names of the fields to encode must not be null or empty.";
        }

        if (Fields.Distinct(StringComparer.Ordinal).Count() != Fields.Count)
        {
            return $"The fields to encode ({string.Join(", ", Fields)}) name a field twice.";
        }

        if (MaxTokens < 1)
        {
            return $"The maximum number of tokens must be at least 1, not {MaxTokens}.";
        }

        if (MinWordFrequency < 1)
        {
            return $"The minimum word frequency must be at least 1, not {MinWordFrequency}.";
        }

        return MaxVocabulary < 1 ? $"The maximum vocabulary size must be at least 1, not {MaxVocabulary}." : null;
    }
}
