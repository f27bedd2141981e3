using System.Text;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;
using Recommender.Data;

namespace Recommender.Text;

/// <summary>
/// Turns an item's text (title, genres, description, ...) into WordPiece token ids for the item encoder.
/// The vocabulary is built from the catalog at training time and saved with the model, so nothing is downloaded.
/// </summary>
/// <remarks>
/// Text is normalised (NFKD, diacritics removed, optionally lower-cased), split into words and punctuation,
/// and each word is spelled with the longest vocabulary pieces, continuation pieces carrying a "##" prefix.
/// Every character seen while building has a piece of its own, so only unseen characters (or words longer than
/// 100 characters) give <see cref="UnknownId"/>. Instances are immutable and <see cref="Encode(CatalogItem)"/>
/// may be called from several threads at once.
/// </remarks>
public sealed class ItemTextTokenizer
{
    /// <summary>The id of "[PAD]": never produced by encoding, so models can pad with 0 as everywhere else.</summary>
    public const int PadId = 0;

    /// <summary>The id of "[UNK]": a word with a character the vocabulary has never seen.</summary>
    public const int UnknownId = 1;

    /// <summary>The id of "[SEP]": between the text of two fields.</summary>
    public const int SeparatorId = 2;

    /// <summary>A cap on up-front allocation: a tokenizer built to keep everything may have a huge MaxTokens.</summary>
    private const int InitialCapacity = 64;

    private readonly string[] _vocabulary;
    private readonly WordPieceTokenizer _wordPiece;
    private readonly Regex _words = ItemTextWords.Pattern();

    private ItemTextTokenizer(ItemTextTokenizerOptions options, string[] vocabulary)
    {
        // A copy, so a caller's list of fields changing later cannot change how this tokenizer encodes.
        Options = options with { Fields = [.. options.Fields] };
        _vocabulary = vocabulary;
        Vocabulary = Array.AsReadOnly(vocabulary);

        // The library reads its vocabulary as lines; a token's id is its line number.
        using var lines = new MemoryStream(new UTF8Encoding(false).GetBytes(string.Join('\n', vocabulary)));
        _wordPiece = WordPieceTokenizer.Create(lines, new WordPieceOptions
        {
            UnknownToken = ItemTextVocabulary.UnknownToken,
            ContinuingSubwordPrefix = ItemTextVocabulary.ContinuingSubwordPrefix,
            MaxInputCharsPerWord = ItemTextVocabulary.MaxCharsPerWord,
            Normalizer = new ItemTextNormalizer(options.Lowercase),

            // No special tokens: text can never encode to [PAD] or [SEP], only Encode places separators.
            PreTokenizer = new RegexPreTokenizer(_words, specialTokens: null),
        });
    }

    /// <summary>The options the vocabulary was built with and encoding follows.</summary>
    public ItemTextTokenizerOptions Options { get; }

    /// <summary>The tokens by id: element i is the token of id i.</summary>
    public IReadOnlyList<string> Vocabulary { get; }

    /// <summary>The number of token ids, special tokens included: every id is in [0, <see cref="VocabularySize"/>).</summary>
    public int VocabularySize => _vocabulary.Length;

    /// <summary>
    /// Builds a tokenizer whose vocabulary covers <paramref name="catalog"/>'s text: the special tokens
    /// ([PAD], [UNK], [SEP] at ids 0, 1, 2), every character seen and its "##" continuation form, then the words
    /// seen at least <see cref="ItemTextTokenizerOptions.MinWordFrequency"/> times, most frequent first, ties in
    /// ordinal order, until the vocabulary has <see cref="ItemTextTokenizerOptions.MaxVocabulary"/> tokens.
    /// The same catalog and options always give the same vocabulary.
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static ItemTextTokenizer Build(ItemCatalog catalog, ItemTextTokenizerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        options ??= new ItemTextTokenizerOptions();
        if (options.FindProblem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        return new ItemTextTokenizer(options, ItemTextVocabulary.Build(catalog, options));
    }

    /// <summary>
    /// Encodes the configured fields of <paramref name="item"/> in order, putting <see cref="SeparatorId"/> between
    /// fields that have text, and keeps the first <see cref="ItemTextTokenizerOptions.MaxTokens"/> ids, as if the whole
    /// text had been encoded and then cut: the cut may fall inside a word or just after a separator.
    /// Never padded: an item without text gives an empty array.
    /// </summary>
    public int[] Encode(CatalogItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var max = Options.MaxTokens;
        var ids = new List<int>(Math.Min(max, InitialCapacity));
        foreach (var field in Options.Fields)
        {
            var start = ids.Count;
            var room = max - start - (start > 0 ? 1 : 0);

            // With no room left, one token still tells whether the field has text and so earns its separator.
            if (AppendPrefix(ItemTextWords.FieldText(item, field), Math.Max(room, 1), ids) > 0 && start > 0)
            {
                ids.Insert(start, SeparatorId);
            }

            if (ids.Count >= max)
            {
                ids.RemoveRange(max, ids.Count - max);
                break;
            }
        }

        return [.. ids];
    }

    /// <summary>
    /// Encodes <paramref name="text"/> as one field, keeping the first <see cref="ItemTextTokenizerOptions.MaxTokens"/> ids.
    /// </summary>
    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>(Math.Min(Options.MaxTokens, InitialCapacity));
        AppendPrefix(text, Options.MaxTokens, ids);
        return [.. ids];
    }

    /// <summary>Writes the tokenizer as JSON: its options and its vocabulary in id order.</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ItemTextTokenizerJson.Write(stream, Options, _vocabulary);
    }

    /// <summary>Reads a tokenizer written by <see cref="Save"/>; it encodes exactly as the one saved.</summary>
    /// <exception cref="InvalidDataException">
    /// The JSON is not a saved tokenizer, its options are invalid, or its vocabulary lacks the special tokens at
    /// their ids or repeats a token.
    /// </exception>
    public static ItemTextTokenizer Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var (options, vocabulary) = ItemTextTokenizerJson.Read(stream);
        return new ItemTextTokenizer(options, vocabulary);
    }

    /// <summary>Appends the first <paramref name="count"/> (at least 1) ids of <paramref name="text"/>; returns how many.</summary>
    private int AppendPrefix(string text, int count, List<int> ids)
    {
        var encoded = _wordPiece.EncodeToIds(text, count, out var normalized, out var consumed);
        var added = 0;
        var offset = 0;
        while (true)
        {
            ids.AddRange(encoded);
            added += encoded.Count;
            if (added == count || normalized is null)
            {
                return added;
            }

            // The library stops before a word whose pieces do not all fit, and counts a misspelled word's pieces
            // before collapsing them into one [UNK]. A truncated encoding should hold all that fits, as if the whole
            // text had been encoded and then cut: take what fits of that word, then carry on after it.
            var next = _words.Match(normalized, offset + consumed);
            if (!next.Success)
            {
                return added;
            }

            var pieces = _wordPiece.EncodeToIds(next.Value, considerPreTokenization: false, considerNormalization: false);
            var taken = Math.Min(pieces.Count, count - added);
            for (var i = 0; i < taken; i++)
            {
                ids.Add(pieces[i]);
            }

            added += taken;
            if (added == count)
            {
                return added;
            }

            offset = next.Index + next.Length;
            encoded = _wordPiece.EncodeToIds(normalized.AsSpan(offset), count - added, out _, out consumed, considerNormalization: false);
        }
    }
}
