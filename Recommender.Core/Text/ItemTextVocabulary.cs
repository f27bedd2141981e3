using System.Runtime.InteropServices;
using System.Text;
using Recommender.Data;

namespace Recommender.Text;

/// <summary>Builds and checks the WordPiece vocabulary of an <see cref="ItemTextTokenizer"/>.</summary>
internal static class ItemTextVocabulary
{
    internal const string PadToken = "[PAD]";
    internal const string UnknownToken = "[UNK]";
    internal const string SeparatorToken = "[SEP]";
    internal const string ContinuingSubwordPrefix = "##";

    /// <summary>Longer words encode as [UNK] (the library's default limit), so counting them would waste entries.</summary>
    internal const int MaxCharsPerWord = 100;

    /// <summary>The special tokens, at the ids <see cref="ItemTextTokenizer"/> promises.</summary>
    internal static readonly string[] SpecialTokens = [PadToken, UnknownToken, SeparatorToken];

    /// <summary>
    /// Special tokens, then every character seen and its continuation form, then the frequent whole words.
    /// </summary>
    internal static string[] Build(ItemCatalog catalog, ItemTextTokenizerOptions options)
    {
        var normalizer = new ItemTextNormalizer(options.Lowercase);
        var pattern = ItemTextWords.Pattern();
        var characters = new HashSet<Rune>();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var lookup = counts.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var item in catalog.Items)
        {
            foreach (var field in options.Fields)
            {
                var text = ItemTextWords.FieldText(item, field);
                if (text.Length == 0)
                {
                    continue;
                }

                var normalized = normalizer.Normalize(text);
                foreach (var match in pattern.EnumerateMatches(normalized))
                {
                    var word = normalized.AsSpan(match.Index, match.Length);
                    var runes = 0;
                    foreach (var rune in word.EnumerateRunes())
                    {
                        characters.Add(rune);
                        runes++;
                    }

                    // A single character is already in the vocabulary, in both forms.
                    if (runes > 1 && word.Length <= MaxCharsPerWord)
                    {
                        CollectionsMarshal.GetValueRefOrAddDefault(lookup, word, out _)++;
                    }
                }
            }
        }

        var singles = characters.Select(r => r.ToString()).Order(StringComparer.Ordinal).ToList();
        var vocabulary = new List<string>(SpecialTokens.Length + (2 * singles.Count) + counts.Count);
        vocabulary.AddRange(SpecialTokens);
        vocabulary.AddRange(singles);
        vocabulary.AddRange(singles.Select(c => ContinuingSubwordPrefix + c));
        var room = Math.Max(0, options.MaxVocabulary - vocabulary.Count);
        vocabulary.AddRange(counts
            .Where(c => c.Value >= options.MinWordFrequency)
            .OrderByDescending(c => c.Value)
            .ThenBy(c => c.Key, StringComparer.Ordinal)
            .Take(room)
            .Select(c => c.Key));
        return [.. vocabulary];
    }

    /// <summary>What makes <paramref name="vocabulary"/> unusable, or <see langword="null"/> when it is fine.</summary>
    internal static string? FindProblem(IReadOnlyList<string> vocabulary)
    {
        for (var id = 0; id < SpecialTokens.Length; id++)
        {
            if (id >= vocabulary.Count || vocabulary[id] != SpecialTokens[id])
            {
                var found = id < vocabulary.Count ? $"'{vocabulary[id]}'" : "nothing";
                return $"Vocabulary id {id} must be the special token '{SpecialTokens[id]}', not {found}.";
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var id = 0; id < vocabulary.Count; id++)
        {
            var token = vocabulary[id];
            if (token.Length == 0)
            {
                return $"Vocabulary id {id} is an empty token.";
            }

            // The library reads the vocabulary one token per line, so a line break would shift every later id.
            if (token.AsSpan().IndexOfAny('\r', '\n') >= 0)
            {
                return $"Vocabulary id {id} contains a line break.";
            }

            if (!IsWellFormed(token))
            {
                return $"Vocabulary id {id} contains a lone surrogate.";
            }

            if (!seen.Add(token))
            {
                return $"The token '{token}' appears twice in the vocabulary (again at id {id}).";
            }
        }

        return null;
    }

    private static bool IsWellFormed(string token)
    {
        for (var i = 0; i < token.Length; i++)
        {
            if (char.IsHighSurrogate(token[i]) && i + 1 < token.Length && char.IsLowSurrogate(token[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(token[i]))
            {
                return false;
            }
        }

        return true;
    }
}
