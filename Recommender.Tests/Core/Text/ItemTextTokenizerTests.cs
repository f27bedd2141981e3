using System.Text;
using CsCheck;
using Recommender.Data;
using Recommender.Text;

namespace Recommender.Tests.Core.Text;

public sealed class ItemTextTokenizerTests
{
    private const string Seed = "0N0XIzNsQ0O2";

    private static readonly ItemCatalog Movies = new(
    [
        Item("1", "Toy Story (1995)", "Animation|Children's|Comedy"),
        Item("2", "Toy Soldiers (1991)", "Action|Drama"),
        Item("3", "Amélie (2001)", "Comedy|Romance", "A shy waitress decides to change the lives of those around her."),
        Item("4", "Heat (1995)", "Action|Crime|Thriller"),
    ]);

    [Fact]
    public void Special_tokens_have_fixed_ids_and_zero_is_padding()
    {
        var tokenizer = ItemTextTokenizer.Build(Movies);

        Assert.Equal((0, 1, 2), (ItemTextTokenizer.PadId, ItemTextTokenizer.UnknownId, ItemTextTokenizer.SeparatorId));
        Assert.Equal(["[PAD]", "[UNK]", "[SEP]"], tokenizer.Vocabulary.Take(3));
        Assert.Equal(tokenizer.Vocabulary.Count, tokenizer.VocabularySize);
        Assert.Equal(new ItemTextTokenizerOptions(), tokenizer.Options);
    }

    [Fact]
    public void Vocabulary_is_specials_then_characters_then_their_continuations_then_words_by_frequency_then_ordinal()
    {
        var catalog = new ItemCatalog([Item("1", "cd ab xy"), Item("2", "xy cd ab xy q")]);

        var tokenizer = ItemTextTokenizer.Build(catalog);
        var capped = ItemTextTokenizer.Build(catalog, new ItemTextTokenizerOptions { MaxVocabulary = 3 + 14 + 2 });
        var tiny = ItemTextTokenizer.Build(catalog, new ItemTextTokenizerOptions { MaxVocabulary = 1 });

        string[] characters = ["[PAD]", "[UNK]", "[SEP]", "a", "b", "c", "d", "q", "x", "y", "##a", "##b", "##c", "##d", "##q", "##x", "##y"];
        Assert.Equal([.. characters, "xy", "ab", "cd"], tokenizer.Vocabulary);
        Assert.Equal([.. characters, "xy", "ab"], capped.Vocabulary);
        Assert.Equal(characters, tiny.Vocabulary);
    }

    [Fact]
    public void Vocabulary_does_not_depend_on_catalog_order()
    {
        var reversed = new ItemCatalog(Movies.Items.Reverse());

        Assert.Equal(ItemTextTokenizer.Build(Movies).Vocabulary, ItemTextTokenizer.Build(reversed).Vocabulary);
    }

    [Fact]
    public void Known_words_encode_whole_and_rare_words_as_pieces()
    {
        var tokenizer = ItemTextTokenizer.Build(Movies);
        Assert.True(Movies.TryGetItem("1", out var toyStory));

        var ids = tokenizer.Encode(toyStory);

        // "toy", "1995", "comedy", "action" occur twice; "story", "animation", "children" once, so they are spelled.
        Assert.Equal(
            ["toy", "s", "##t", "##o", "##r", "##y", "(", "1995", ")", "[SEP]",
             "a", "##n", "##i", "##m", "##a", "##t", "##i", "##o", "##n",
             "c", "##h", "##i", "##l", "##d", "##r", "##e", "##n", "'", "s", "comedy"],
            Tokens(tokenizer, ids));
        Assert.Equal(tokenizer.Vocabulary.ToList().IndexOf("toy"), ids[0]);
        Assert.Equal(ItemTextTokenizer.SeparatorId, ids[9]);
    }

    [Fact]
    public void Genres_split_on_the_bar_which_is_not_a_token()
    {
        var tokenizer = ItemTextTokenizer.Build(Movies, new ItemTextTokenizerOptions { MinWordFrequency = 1, Fields = [ItemFields.Genres] });
        Assert.True(Movies.TryGetItem("1", out var toyStory));

        Assert.Equal(["animation", "children", "'", "s", "comedy"], Tokens(tokenizer, tokenizer.Encode(toyStory)));
        Assert.DoesNotContain("|", tokenizer.Vocabulary);
        // Only the genres field is a list: elsewhere the bar is a character like any other, here an unseen one.
        Assert.Equal(["animation", "[UNK]", "comedy"], Tokens(tokenizer, "Animation|Comedy"));
    }

    [Fact]
    public void Unseen_words_of_seen_characters_split_into_continuation_pieces_not_unknown()
    {
        var tokenizer = ItemTextTokenizer.Build(Movies);

        Assert.Equal(["s", "##h", "##a", "##d", "##o", "##w"], Tokens(tokenizer, "Shadow"));
        Assert.Equal(["toy", "##s"], Tokens(tokenizer, tokenizer.Encode("toys")));
    }

    [Fact]
    public void A_word_with_an_unseen_character_is_unknown_as_a_whole()
    {
        var tokenizer = ItemTextTokenizer.Build(Movies);

        Assert.Equal(["toy", "[UNK]", "[UNK]", "1995"], Tokens(tokenizer, tokenizer.Encode("Toy Zebra Жук 1995")));
        Assert.Equal(["[UNK]"], Tokens(tokenizer, tokenizer.Encode("😀")));
        Assert.Equal(["[UNK]"], Tokens(tokenizer, tokenizer.Encode(new string('a', 101))));
    }

    [Fact]
    public void Separators_go_only_between_fields_that_have_text()
    {
        var tokenizer = ItemTextTokenizer.Build(Movies, new ItemTextTokenizerOptions { MinWordFrequency = 1 });

        Assert.Equal(["heat", "[SEP]", "a", "shy"], Tokens(tokenizer, tokenizer.Encode(Item("x", "Heat", " ", "A shy"))));
        Assert.Equal(["comedy"], Tokens(tokenizer, tokenizer.Encode(Item("x", genres: "Comedy"))));
        Assert.Equal(["heat", "[SEP]", "comedy", "[SEP]", "shy"], Tokens(tokenizer, tokenizer.Encode(Item("x", "Heat", "Comedy", "shy"))));
    }

    [Fact]
    public void Encodings_are_cut_to_max_tokens_even_inside_a_word()
    {
        var catalog = new ItemCatalog([Item("1", "Heat", "Drama"), Item("2", "Heat", "Drama")]);
        var tokenizer = ItemTextTokenizer.Build(catalog, new ItemTextTokenizerOptions { MaxTokens = 3 });

        Assert.Equal(["heat", "[SEP]", "drama"], Tokens(tokenizer, tokenizer.Encode(catalog.Items[0])));
        Assert.Equal(["heat", "d", "##r"], Tokens(tokenizer, tokenizer.Encode("heat dream")));
        Assert.Equal(["heat", "heat", "[SEP]"], Tokens(tokenizer, tokenizer.Encode(Item("x", "Heat heat", "Drama"))));
        Assert.Equal(["d", "##r", "##e"], Tokens(tokenizer, tokenizer.Encode(Item("x", "dream", "Drama"))));
    }

    [Fact]
    public void A_word_with_an_unseen_character_near_the_cut_costs_one_token_not_its_pieces()
    {
        // The library counts "abbq" as a, ##b, ##b (too many for the 2 left) before it finds q unknown.
        var tokenizer = ItemTextTokenizer.Build(new ItemCatalog([Item("1", "a b c")]), new ItemTextTokenizerOptions { MaxTokens = 3 });

        Assert.Equal(["a", "[UNK]", "c"], Tokens(tokenizer, "a abbq c d"));
    }

    [Fact]
    public void Diacritics_and_case_are_normalised_so_latin1_titles_match()
    {
        var tokenizer = ItemTextTokenizer.Build(new ItemCatalog([Item("1", "Amélie"), Item("2", "Amelie")]));
        var cased = ItemTextTokenizer.Build(new ItemCatalog([Item("1", "Amélie"), Item("2", "Amelie")]), new ItemTextTokenizerOptions { Lowercase = false });

        Assert.Equal(["amelie"], Tokens(tokenizer, tokenizer.Encode("Amélie")));
        Assert.Equal(tokenizer.Encode("Amélie"), tokenizer.Encode("AME\u0301LIE"));
        Assert.Equal(["fi", "##o"], Tokens(ItemTextTokenizer.Build(new ItemCatalog([Item("1", "fi of")]), new ItemTextTokenizerOptions { MinWordFrequency = 1 }), "ﬁo"));
        Assert.Equal(["Amelie"], Tokens(cased, cased.Encode("Amélie")));
        Assert.Equal(["A", "##m", "##e", "##l", "##i"], Tokens(cased, "Amelí"));
        Assert.Equal(["[UNK]"], Tokens(cased, "amelie"));
        Assert.DoesNotContain(tokenizer.Vocabulary, t => t.Contains('é', StringComparison.Ordinal));
    }

    [Fact]
    public void An_item_without_text_encodes_to_nothing()
    {
        var tokenizer = ItemTextTokenizer.Build(Movies);

        Assert.Empty(tokenizer.Encode(Item("x")));
        Assert.Empty(tokenizer.Encode(Item("x", " ", "", "\t\n")));
        Assert.Empty(tokenizer.Encode(new CatalogItem("x", new Dictionary<string, string> { ["other"] = "Heat" })));
        Assert.Empty(tokenizer.Encode(string.Empty));
        Assert.Empty(tokenizer.Encode("\u0301"));
    }

    [Fact]
    public void Text_can_never_produce_padding_or_a_separator()
    {
        var tokenizer = ItemTextTokenizer.Build(new ItemCatalog([Item("1", "[PAD] [SEP] [UNK]")]));

        Assert.Equal(["[", "p", "##a", "##d", "]", "[", "s", "##e", "##p", "]"], Tokens(tokenizer, tokenizer.Encode("[PAD] [SEP]")));
    }

    [Fact]
    public void Save_then_load_gives_the_same_tokenizer()
    {
        var tokenizer = ItemTextTokenizer.Build(Movies, new ItemTextTokenizerOptions { MaxTokens = 7, Fields = [ItemFields.Description, ItemFields.Title], Lowercase = false });

        var loaded = RoundTrip(tokenizer);

        Assert.Equal(tokenizer.Options, loaded.Options);
        Assert.Equal(tokenizer.Vocabulary, loaded.Vocabulary);
        Assert.All(Movies.Items, item => Assert.Equal(tokenizer.Encode(item), loaded.Encode(item)));
    }

    [Theory]
    [InlineData("not json", "must be saved as JSON")]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("""{"version":2}""", "format version 2")]
    [InlineData("""{"version":1,"vocabulary":[]}""", "'options' that is an object")]
    [InlineData("""{"version":1,"options":{"fields":["title"],"maxTokens":0,"minWordFrequency":1,"maxVocabulary":9,"lowercase":true},"vocabulary":["[PAD]","[UNK]","[SEP]"]}""", "maximum number of tokens must be at least 1, not 0")]
    [InlineData("""{"version":1,"options":{"fields":["title"],"maxTokens":8,"minWordFrequency":1,"maxVocabulary":9,"lowercase":"yes"},"vocabulary":[]}""", "'lowercase' that is a boolean")]
    [InlineData("""{"version":1,"options":{"fields":["title"],"maxTokens":8,"minWordFrequency":1,"maxVocabulary":9,"lowercase":true},"vocabulary":["[UNK]","[PAD]","[SEP]"]}""", "id 0 must be the special token '[PAD]', not '[UNK]'")]
    [InlineData("""{"version":1,"options":{"fields":["title"],"maxTokens":8,"minWordFrequency":1,"maxVocabulary":9,"lowercase":true},"vocabulary":["[PAD]","[UNK]"]}""", "id 2 must be the special token '[SEP]', not nothing")]
    [InlineData("""{"version":1,"options":{"fields":["title"],"maxTokens":8,"minWordFrequency":1,"maxVocabulary":9,"lowercase":true},"vocabulary":["[PAD]","[UNK]","[SEP]","a","b","a"]}""", "'a' appears twice")]
    [InlineData("""{"version":1,"options":{"fields":["title"],"maxTokens":8,"minWordFrequency":1,"maxVocabulary":9,"lowercase":true},"vocabulary":["[PAD]","[UNK]","[SEP]","a\nb"]}""", "id 3 contains a line break")]
    [InlineData("""{"version":1,"options":{"fields":["title"],"maxTokens":8,"minWordFrequency":1,"maxVocabulary":9,"lowercase":true},"vocabulary":["[PAD]","[UNK]","[SEP]",""]}""", "id 3 is an empty token")]
    [InlineData("""{"version":1,"options":{"fields":["title"],"maxTokens":8,"minWordFrequency":1,"maxVocabulary":9,"lowercase":true},"vocabulary":["[PAD]","[UNK]","[SEP]",3]}""", "must hold only strings")]
    public void Load_rejects_what_is_not_a_valid_tokenizer_with_a_clear_message(string json, string expected)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));

        var error = Assert.Throws<InvalidDataException>(() => ItemTextTokenizer.Load(stream));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_rejects_invalid_options()
    {
        Assert.Throws<ArgumentException>(() => ItemTextTokenizer.Build(Movies, new ItemTextTokenizerOptions { MaxTokens = 0 }));
        Assert.Throws<ArgumentException>(() => ItemTextTokenizer.Build(Movies, new ItemTextTokenizerOptions { MinWordFrequency = 0 }));
        Assert.Throws<ArgumentException>(() => ItemTextTokenizer.Build(Movies, new ItemTextTokenizerOptions { Fields = ["title", "title"] }));
    }

    [Fact]
    public void Encoding_from_several_threads_gives_the_same_ids()
    {
        var catalog = new ItemCatalog(Enumerable.Range(0, 500).Select(i => Item($"{i}", $"Amélie {i} toy", "Comedy|Drama", $"Story number {i * 7919}")));
        var tokenizer = ItemTextTokenizer.Build(catalog);
        var expected = catalog.Items.Select(tokenizer.Encode).ToArray();

        var actual = new int[catalog.Count][];
        Parallel.For(0, catalog.Count * 8, i => actual[i % catalog.Count] = tokenizer.Encode(catalog.Items[i % catalog.Count]));

        Assert.Equal(expected, actual);
    }

    // Fragments mixing ASCII, latin-1, decomposed accents, ligatures, scripts, emoji and punctuation.
    private static readonly Gen<string> Text = Gen.OneOf(
            "a", "b", "e", "T", "o", "y", " ", " ", "  ", "é", "E\u0301", "ß", "ﬁ", "²", "Ж", "ж", "中", "😀", "(", ")", "'", "-", "|", ".", "1", "9", "_", "\t", "[SEP]", "[PAD]")
        .Array[0, 24].Select(string.Concat);

    private static readonly Gen<CatalogItem> Items = Gen.Select(Gen.Int[0, 1_000_000], Text, Text, Text, Gen.Bool)
        .Select((id, title, genres, description, hasDescription) =>
            Item($"{id}", title, genres.Replace(' ', '|'), hasDescription ? description : null));

    private static readonly Gen<ItemCatalog> Catalogs = Items.Array[0, 12]
        .Select(items => new ItemCatalog(items.DistinctBy(i => i.Id)));

    private static readonly Gen<ItemTextTokenizerOptions> Options = Gen.Select(Gen.Int[1, 40], Gen.Int[1, 3], Gen.Int[1, 200], Gen.Bool)
        .Select((maxTokens, minFrequency, maxVocabulary, lowercase) => new ItemTextTokenizerOptions
        {
            MaxTokens = maxTokens,
            MinWordFrequency = minFrequency,
            MaxVocabulary = maxVocabulary,
            Lowercase = lowercase,
        });

    // Anything at all, lone surrogates included, alongside the shaped fragments.
    private static readonly Gen<string> AnyText = Gen.Frequency((3, Text), (1, Gen.String));

    [Fact]
    public void Every_encoding_is_short_in_range_and_free_of_padding()
    {
        Gen.Select(Catalogs, Options, AnyText.Array[0, 8]).Sample((catalog, options, texts) =>
        {
            var tokenizer = ItemTextTokenizer.Build(catalog, options);

            foreach (var ids in catalog.Items.Select(tokenizer.Encode).Concat(texts.Select(tokenizer.Encode)))
            {
                Assert.True(ids.Length <= options.MaxTokens);
                Assert.All(ids, id => Assert.InRange(id, 0, tokenizer.VocabularySize - 1));
                Assert.DoesNotContain(ItemTextTokenizer.PadId, ids);
            }
        }, iter: 300, seed: Seed);
    }

    [Fact]
    public void The_catalogs_own_text_never_encodes_to_unknown()
    {
        Gen.Select(Catalogs, Options).Sample((catalog, options) =>
        {
            var tokenizer = ItemTextTokenizer.Build(catalog, options);

            Assert.All(catalog.Items, item => Assert.DoesNotContain(ItemTextTokenizer.UnknownId, tokenizer.Encode(item)));
        }, iter: 300, seed: Seed);
    }

    [Fact]
    public void A_short_encoding_is_the_start_of_the_long_one()
    {
        Gen.Select(Catalogs, Options, AnyText.Array[0, 8]).Sample((catalog, options, texts) =>
        {
            var tokenizer = ItemTextTokenizer.Build(catalog, options);
            var unlimited = ItemTextTokenizer.Build(catalog, options with { MaxTokens = 10_000 });

            Assert.Equal(tokenizer.Vocabulary, unlimited.Vocabulary);
            foreach (var item in catalog.Items)
            {
                Assert.Equal(unlimited.Encode(item).Take(options.MaxTokens), tokenizer.Encode(item));
            }

            foreach (var text in texts)
            {
                Assert.Equal(unlimited.Encode(text).Take(options.MaxTokens), tokenizer.Encode(text));
            }
        }, iter: 300, seed: Seed);
    }

    [Fact]
    public void Save_then_load_encodes_identically()
    {
        Gen.Select(Catalogs, Options, AnyText.Array[0, 8]).Sample((catalog, options, texts) =>
        {
            var tokenizer = ItemTextTokenizer.Build(catalog, options);

            var loaded = RoundTrip(tokenizer);

            Assert.Equal(tokenizer.Options, loaded.Options);
            Assert.Equal(tokenizer.Vocabulary, loaded.Vocabulary);
            Assert.All(catalog.Items, item => Assert.Equal(tokenizer.Encode(item), loaded.Encode(item)));
            Assert.All(texts, text => Assert.Equal(tokenizer.Encode(text), loaded.Encode(text)));
        }, iter: 200, seed: Seed);
    }

    [Fact]
    public void Build_is_deterministic()
    {
        Gen.Select(Catalogs, Options).Sample((catalog, options) =>
        {
            var first = ItemTextTokenizer.Build(catalog, options);
            var again = ItemTextTokenizer.Build(new ItemCatalog(catalog.Items), options);
            var reversed = ItemTextTokenizer.Build(new ItemCatalog(catalog.Items.Reverse()), options);

            Assert.Equal(first.Vocabulary, again.Vocabulary);
            Assert.Equal(first.Vocabulary, reversed.Vocabulary);
            Assert.Equal(first.Vocabulary.Count, first.Vocabulary.Distinct(StringComparer.Ordinal).Count());
        }, iter: 300, seed: Seed);
    }

    private static CatalogItem Item(string id, string? title = null, string? genres = null, string? description = null)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (title is not null)
        {
            fields[ItemFields.Title] = title;
        }

        if (genres is not null)
        {
            fields[ItemFields.Genres] = genres;
        }

        if (description is not null)
        {
            fields[ItemFields.Description] = description;
        }

        return new CatalogItem(id, fields);
    }

    private static string[] Tokens(ItemTextTokenizer tokenizer, IEnumerable<int> ids) => [.. ids.Select(id => tokenizer.Vocabulary[id])];

    private static string[] Tokens(ItemTextTokenizer tokenizer, string text) => Tokens(tokenizer, tokenizer.Encode(text));

    private static ItemTextTokenizer RoundTrip(ItemTextTokenizer tokenizer)
    {
        using var stream = new MemoryStream();
        tokenizer.Save(stream);
        stream.Position = 0;
        return ItemTextTokenizer.Load(stream);
    }
}
