using System.Globalization;
using Recommender.Bundles;
using Recommender.Scoring;
using Recommender.Tests.TestSupport;
using Recommender.Training.Modeling;

namespace Recommender.Tests.Core.Scoring;

/// <summary>
/// <see cref="TopKSearch.Approximate"/> through the session: the lists it gives against the exact ones, seen items and
/// filters, the threshold of <see cref="TopKSearch.Auto"/>, and the index file kept beside the bundle.
/// </summary>
[Collection(TorchTests.Name)]
public sealed class ApproximateTopKTests(TrainedBundles trained) : IClassFixture<TrainedBundles>
{
    private static readonly Lazy<ModelBundle> Catalog = new(() => UntrainedBundles.Clustered(3_000));

    private static RecommenderSessionOptions Approximate(string? directory = null, IndexPrecision precision = ApproximateTopKOptions.Defaults.Precision) =>
        new() { TopKSearch = TopKSearch.Approximate, Approximate = new ApproximateTopKOptions { IndexDirectory = directory, Precision = precision } };

    [Fact]
    public void On_a_catalog_the_graph_covers_the_lists_are_the_exact_ones()
    {
        using var exact = new RecommenderSession(trained.Bundle, new RecommenderSessionOptions { TopKSearch = TopKSearch.Exact });
        using var approximate = new RecommenderSession(trained.Bundle, Approximate());
        string[][] histories = [["2", "3", "4"], ["7", "8"], ["11", "12", "1", "2", "3", "4", "5", "6", "7", "8"], ["5"]];

        foreach (var excludeSeen in new[] { true, false })
        {
            var expected = exact.RecommendBatch(histories, k: 3, excludeSeen);
            var actual = approximate.RecommendBatch(histories, k: 3, excludeSeen);

            Assert.Equal(TopKSearch.Approximate, approximate.TopKSearch);
            Assert.Equal(expected.Select(l => l.Select(r => r.ItemId)), actual.Select(l => l.Select(r => r.ItemId)));
            Assert.Equal(expected.SelectMany(l => l.Select(r => r.Score)), actual.SelectMany(l => l.Select(r => r.Score)), (a, b) => Math.Abs(a - b) < 1e-4);
        }
    }

    [Theory]
    [InlineData(IndexPrecision.Full)]
    [InlineData(IndexPrecision.Half)]
    [InlineData(IndexPrecision.Quantized)]
    public void A_larger_catalog_gives_nearly_the_exact_lists_with_exact_scores(IndexPrecision precision)
    {
        using var exact = new RecommenderSession(Catalog.Value, new RecommenderSessionOptions { TopKSearch = TopKSearch.Exact });
        using var approximate = new RecommenderSession(Catalog.Value, Approximate(precision: precision));
        var histories = Histories(200, seed: 1);

        var expected = exact.RecommendBatch(histories, k: 10);
        var actual = approximate.RecommendBatch(histories, k: 10);

        var recall = expected.Zip(actual, (e, a) => e.Select(r => r.ItemId).Intersect(a.Select(r => r.ItemId)).Count() / 10.0).Average();
        Assert.True(recall >= 0.95, $"recall@10 {recall:F3}");
        for (var u = 0; u < histories.Length; u++)
        {
            Assert.Equal(10, actual[u].Count);
            Assert.Empty(actual[u].Select(r => r.ItemId).Intersect(histories[u]));
            Assert.True(actual[u].Zip(actual[u].Skip(1), (a, b) => a.Score >= b.Score).All(x => x));
            Assert.Equal(exact.Score(histories[u], [.. actual[u].Select(r => r.ItemId)]), actual[u].Select(r => r.Score), (a, b) => Math.Abs(a - b) < 1e-3);
        }
    }

    [Theory]
    [InlineData(IndexPrecision.Full)]
    [InlineData(IndexPrecision.Quantized)]
    public void A_narrow_filter_still_gives_k_items_by_searching_deeper(IndexPrecision precision)
    {
        using var exact = new RecommenderSession(Catalog.Value, new RecommenderSessionOptions { TopKSearch = TopKSearch.Exact });
        using var approximate = new RecommenderSession(Catalog.Value, Approximate(precision: precision));
        static bool Rare(string id) => int.Parse(id, CultureInfo.InvariantCulture) % 97 == 0;

        foreach (var history in Histories(20, seed: 2))
        {
            var expected = exact.Recommend(history, k: 10, filter: Rare);
            var actual = approximate.Recommend(history, k: 10, filter: Rare);

            Assert.Equal(10, actual.Count);
            Assert.All(actual, r => Assert.True(Rare(r.ItemId)));
            Assert.True(expected.Select(r => r.ItemId).Intersect(actual.Select(r => r.ItemId)).Count() >= 8);
        }
    }

    [Fact]
    public void Auto_searches_exactly_below_the_threshold_and_approximately_from_it()
    {
        using var small = new RecommenderSession(Catalog.Value);
        using var large = new RecommenderSession(Catalog.Value, new RecommenderSessionOptions { Approximate = new ApproximateTopKOptions { MinItems = 3_000 } });
        using var withTerm = new RecommenderSession(UntrainedBundles.WithTransitions(new SequenceModelOptions { UseText = false, Dim = 16, Layers = 1, Heads = 1, MaxLength = 8 }),
            new RecommenderSessionOptions { Approximate = new ApproximateTopKOptions { MinItems = 1 } });

        Assert.Equal(TopKSearch.Exact, small.TopKSearch);
        Assert.Null(small.IndexMessage);
        Assert.Equal(TopKSearch.Approximate, large.TopKSearch);
        Assert.Equal(TopKSearch.Exact, withTerm.TopKSearch);
    }

    [Fact]
    public void A_precision_that_is_not_one_of_the_three_is_refused_by_name()
    {
        var options = new RecommenderSessionOptions { Approximate = new ApproximateTopKOptions { Precision = (IndexPrecision)7 } };

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new RecommenderSession(Catalog.Value, options));

        Assert.Equal(nameof(ApproximateTopKOptions.Precision), error.ParamName);
        Assert.Contains("Full, Half, Quantized", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bundle_with_a_transition_term_is_scored_exactly_and_the_session_says_why()
    {
        var bundle = UntrainedBundles.WithTransitions(new SequenceModelOptions { UseText = false, Dim = 16, Layers = 1, Heads = 1, MaxLength = 8 });
        using var exact = new RecommenderSession(bundle, new RecommenderSessionOptions { TopKSearch = TopKSearch.Exact });
        using var asked = new RecommenderSession(bundle, Approximate());

        Assert.Equal(TopKSearch.Exact, asked.TopKSearch);
        Assert.Contains("item-transition term, which an index of item vectors cannot search", asked.IndexMessage, StringComparison.Ordinal);
        Assert.Equal(exact.Recommend(["3", "4", "5"], k: 3), asked.Recommend(["3", "4", "5"], k: 3));
    }

    [Theory]
    [InlineData(IndexPrecision.Full, "")]
    [InlineData(IndexPrecision.Half, "-f16")]
    [InlineData(IndexPrecision.Quantized, "-i8")]
    public void The_index_is_kept_beside_the_bundle_and_read_by_the_next_session(IndexPrecision precision, string suffix)
    {
        using var saved = new SavedBundle(Catalog.Value);
        using (var first = RecommenderSession.Load(saved.Path, Approximate(precision: precision)))
        {
            Assert.Contains("Built the approximate top-K index of 3,000 items", first.IndexMessage, StringComparison.Ordinal);
        }

        var file = Assert.Single(Directory.EnumerateFiles(saved.Directory.Path, "*.hnsw"));
        var hash = Catalog.Value.Manifest.Parts["item_vectors.bin"].Sha256[..12];
        Assert.Equal($"model.recbundle.{hash}-m{ApproximateTopKOptions.Defaults.Connectivity}-ef{ApproximateTopKOptions.Defaults.ExpansionAdd}{suffix}.hnsw", Path.GetFileName(file));
        var written = File.GetLastWriteTimeUtc(file);

        using var second = RecommenderSession.Load(saved.Path, Approximate(precision: precision));

        Assert.Null(second.IndexMessage);
        Assert.Equal(written, File.GetLastWriteTimeUtc(file));
        Assert.Equal(10, second.Recommend(["1", "2"], k: 10).Count);
    }

    [Fact]
    public void A_damaged_index_file_is_built_again_and_said_so()
    {
        using var saved = new SavedBundle(Catalog.Value);
        using (RecommenderSession.Load(saved.Path, Approximate()))
        {
        }

        var file = Directory.EnumerateFiles(saved.Directory.Path, "*.hnsw").Single();
        File.WriteAllBytes(file, [1, 2, 3]);

        using var session = RecommenderSession.Load(saved.Path, Approximate());

        Assert.Contains($"{file} could not be read", session.IndexMessage, StringComparison.Ordinal);
        Assert.Contains("it was built again", session.IndexMessage, StringComparison.Ordinal);
        Assert.True(new FileInfo(file).Length > 1_000);
        Assert.Equal(10, session.Recommend(["1", "2"], k: 10).Count);
    }

    [Fact]
    public void An_index_that_cannot_be_kept_lives_in_memory_and_the_session_says_so()
    {
        using var directory = new TempDirectory();
        var notADirectory = directory.Write("file", "not a directory");

        using var session = new RecommenderSession(Catalog.Value, Approximate(notADirectory));

        Assert.Equal(TopKSearch.Approximate, session.TopKSearch);
        Assert.Contains("could not be kept in", session.IndexMessage, StringComparison.Ordinal);
        Assert.Contains("this session holds it in memory", session.IndexMessage, StringComparison.Ordinal);
        Assert.Equal(10, session.Recommend(["1", "2"], k: 10).Count);
    }

    [Fact]
    public void Items_added_to_the_session_are_found_by_the_index()
    {
        using var session = new RecommenderSession(trained.Bundle, Approximate());

        session.AddItems([CyclicData.Item("new-episode-6", 6), CyclicData.Item("new-episode-9", 9)]);

        var newOnly = session.Recommend(["3", "4", "5"], k: 2, filter: id => id.StartsWith("new-", StringComparison.Ordinal));
        Assert.Equal(["new-episode-6", "new-episode-9"], newOnly.Select(r => r.ItemId).Order());
    }

    private static string[][] Histories(int users, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, users).Select(_ =>
        {
            var cluster = random.Next(60);
            return Enumerable.Range(0, random.Next(3, 20)).Select(_ => (1 + cluster + 60 * random.Next(50)).ToString(CultureInfo.InvariantCulture)).Distinct().ToArray();
        })];
    }
}
