using Recommender.Evaluation;
using Recommender.Scoring;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Core.Scoring;

/// <summary>The ONNX Runtime session over a bundle trained on the cyclic data, where the next item is always the last + 1.</summary>
[Collection(TorchTests.Name)]
public sealed class RecommenderSessionTests(TrainedBundles trained) : IClassFixture<TrainedBundles>
{
    [Fact]
    public void It_recommends_what_the_model_learned_with_titles()
    {
        using var session = new RecommenderSession(trained.Bundle);

        var top = session.Recommend(["2", "3", "4", "5"], k: 3);

        Assert.Equal(3, top.Count);
        Assert.Equal("6", top[0].ItemId);
        Assert.Equal("Episode 6 of the cycle", top[0].Title);
        Assert.True(top[0].Score >= top[1].Score && top[1].Score >= top[2].Score);
    }

    [Fact]
    public void Full_ranking_metrics_equal_those_of_the_TorchSharp_model()
    {
        using var session = new RecommenderSession(trained.Bundle);
        var split = trained.Split;

        var torch = FullRankingEvaluator.Evaluate(split, split.Test, trained.Model.CreateScorer());
        var onnx = FullRankingEvaluator.Evaluate(split, split.Test, session.AsScorer(split.Log.Items));

        Assert.Equal(torch.Get(MetricNames.Ndcg(10)), onnx.Get(MetricNames.Ndcg(10)), 6);
        Assert.Equal(torch.Get(MetricNames.HitRate(1)), onnx.Get(MetricNames.HitRate(1)), 6);
    }

    [Fact]
    public void Seen_items_are_excluded_only_when_asked()
    {
        using var session = new RecommenderSession(trained.Bundle);
        // Longer than the model reads: item 1 is outside the window the model sees but still seen.
        string[] history = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"];
        Assert.True(history.Length > trained.Bundle.Manifest.Model.MaxHistory);

        var excluding = session.Recommend(history, k: 12);
        var including = session.Recommend(history, k: 12, excludeSeen: false);

        Assert.Equal(["12"], excluding.Select(r => r.ItemId));
        Assert.Equal(12, including.Count);
        Assert.Equal(Enumerable.Range(1, 12).Select(i => $"{i}").Order(), including.Select(r => r.ItemId).Order());
    }

    [Fact]
    public void A_filter_is_applied_and_k_items_still_come_back()
    {
        using var session = new RecommenderSession(trained.Bundle);

        var odd = session.Recommend(["3", "4", "5"], k: 4, filter: id => int.Parse(id, System.Globalization.CultureInfo.InvariantCulture) % 2 == 1);

        Assert.Equal(4, odd.Count);
        Assert.All(odd, r => Assert.True(int.Parse(r.ItemId, System.Globalization.CultureInfo.InvariantCulture) % 2 == 1));
        var unfiltered = session.Recommend(["3", "4", "5"], k: 12).Where(r => int.Parse(r.ItemId, System.Globalization.CultureInfo.InvariantCulture) % 2 == 1).Take(4);
        Assert.Equal(unfiltered, odd);
    }

    [Fact]
    public void Unknown_items_are_skipped_and_counted()
    {
        using var session = new RecommenderSession(trained.Bundle);

        var withUnknown = session.Recommend(["3", "no-such-item", "4", "5", "also-unknown"]);
        var clean = session.Recommend(["3", "4", "5"]);

        Assert.Equal(clean, withUnknown);
        Assert.Equal(2, session.Counters.UnknownItemsSkipped);
    }

    [Fact]
    public void An_empty_or_all_unknown_history_gets_the_popularity_ranking()
    {
        using var session = new RecommenderSession(trained.Bundle);
        var popularity = trained.Bundle.Popularity();
        var expected = Enumerable.Range(1, CyclicData.Items).OrderByDescending(i => popularity[i]).ThenBy(i => i).Take(5).Select(i => $"{i}");

        var empty = session.Recommend([], k: 5);
        var unknown = session.Recommend(["nothing-known"], k: 5);

        Assert.Equal(expected, empty.Select(r => r.ItemId));
        Assert.Equal(empty, unknown);
        Assert.Equal(popularity[trained.Bundle.Items[empty[0].ItemId]], empty[0].Score);
        Assert.Equal(2, session.Counters.EmptyHistories);
    }

    [Fact]
    public void A_history_longer_than_the_model_reads_keeps_its_latest_items()
    {
        using var session = new RecommenderSession(trained.Bundle);
        var max = trained.Bundle.Manifest.Model.MaxHistory;
        var history = Enumerable.Range(0, max + 5).Select(i => $"{i % CyclicData.Items + 1}").ToArray();

        var full = session.Score(history, ["1", "2", "3"]);
        var latest = session.Score(history[^max..], ["1", "2", "3"]);

        Assert.Equal(latest, full);
        Assert.Equal(1, session.Counters.HistoriesTruncated);
    }

    [Fact]
    public void Scores_agree_with_recommendations_and_unknown_candidates_rank_last()
    {
        using var session = new RecommenderSession(trained.Bundle);
        string[] history = ["7", "8", "9"];
        var top = session.Recommend(history, k: 3);

        var scores = session.Score(history, [top[2].ItemId, "unknown", top[0].ItemId]);

        Assert.Equal(top[2].Score, scores[0], 5);
        Assert.Equal(float.NegativeInfinity, scores[1]);
        Assert.Equal(top[0].Score, scores[2], 5);
        Assert.Equal(1, session.Counters.UnknownCandidates);
    }

    [Fact]
    public void Batches_give_what_single_calls_give_from_many_threads_at_once()
    {
        using var session = new RecommenderSession(trained.Bundle, new RecommenderSessionOptions { BatchSize = 3 });
        var random = new Random(5);
        var histories = Enumerable.Range(0, 20)
            .Select(_ => (IEnumerable<string>)[.. Enumerable.Range(0, random.Next(0, 14)).Select(_ => $"{random.Next(1, CyclicData.Items + 1)}")])
            .ToArray();
        var single = histories.Select(h => session.Recommend(h, k: 5)).ToArray();

        var batches = new IReadOnlyList<IReadOnlyList<Recommendation>>[8];
        Parallel.For(0, batches.Length, i => batches[i] = session.RecommendBatch(histories, k: 5));

        // Batches pad histories to a common length, which may change the last bits of a score but never the ranking.
        Assert.All(batches, batch =>
        {
            Assert.Equal(single.Select(r => r.Select(x => x.ItemId)), batch.Select(r => r.Select(x => x.ItemId)));
            Assert.All(single.Zip(batch).SelectMany(p => p.First.Zip(p.Second)), p => Assert.Equal(p.First.Score, p.Second.Score, 1e-5f));
        });
    }

    [Fact]
    public void Concurrent_batches_give_exactly_what_one_batch_at_a_time_gives()
    {
        using var serial = new RecommenderSession(trained.Bundle, new RecommenderSessionOptions { BatchSize = 2 });
        using var concurrent = new RecommenderSession(trained.Bundle, new RecommenderSessionOptions { BatchSize = 2, IntraOpThreads = 1, ConcurrentBatches = 4 });
        var random = new Random(11);
        var histories = Enumerable.Range(0, 40)
            .Select(_ => (IEnumerable<string>)[.. Enumerable.Range(0, random.Next(0, 14)).Select(_ => $"{random.Next(1, CyclicData.Items + 1)}")])
            .ToArray();
        var candidates = histories.Select(_ => (IReadOnlyList<string>)[.. Enumerable.Range(0, random.Next(0, 6)).Select(_ => $"{random.Next(1, CyclicData.Items + 2)}")]).ToArray();

        // The same batches run through the same graphs, so every score is bit for bit the same.
        var expected = serial.RecommendBatch(histories, k: 5);
        var actual = concurrent.RecommendBatch(histories, k: 5);
        Assert.Equal(expected.Select(r => r.Select(x => (x.ItemId, x.Score))), actual.Select(r => r.Select(x => (x.ItemId, x.Score))));
        Assert.Equal(serial.ScoreBatch(histories, candidates), concurrent.ScoreBatch(histories, candidates));
        Assert.Equal(serial.Counters, concurrent.Counters);
    }

    [Fact]
    public void Concurrent_batches_do_run_at_the_same_time()
    {
        using var session = new RecommenderSession(trained.Bundle, new RecommenderSessionOptions { BatchSize = 1, IntraOpThreads = 1, ConcurrentBatches = 2 });
        IEnumerable<string>[] histories = [["1", "2"], ["5", "6", "7"]];
        // Each batch's first filter call waits for the other batch's: run one after the other, both would time out.
        using var both = new Barrier(2);
        using var arrived = new ThreadLocal<bool>();
        var met = 0;

        session.RecommendBatch(histories, k: 1, filter: _ =>
        {
            if (!arrived.Value)
            {
                arrived.Value = true;
                if (both.SignalAndWait(TimeSpan.FromSeconds(30)))
                {
                    Interlocked.Increment(ref met);
                }
            }

            return true;
        });

        Assert.Equal(2, met);
    }

    [Fact]
    public void A_failing_filter_surfaces_as_itself_when_batches_run_concurrently()
    {
        using var session = new RecommenderSession(trained.Bundle, new RecommenderSessionOptions { BatchSize = 1, ConcurrentBatches = 3 });
        IEnumerable<string>[] histories = [["1", "2"], ["3"], ["4", "5", "6"]];

        var error = Assert.Throws<InvalidOperationException>(() => session.RecommendBatch(histories, filter: id => id == "7" ? throw new InvalidOperationException("stock lookup failed") : true));

        Assert.Equal("stock lookup failed", error.Message);
    }

    [Fact]
    public void Concurrent_batches_below_one_are_refused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new RecommenderSession(trained.Bundle, new RecommenderSessionOptions { ConcurrentBatches = 0 }));

        Assert.Contains("ConcurrentBatches must be at least 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Items_added_with_text_become_recommendable_without_retraining()
    {
        using var session = new RecommenderSession(trained.Bundle);

        var added = session.AddItems([CyclicData.Item("new-episode-6", 6), CyclicData.Item("new-episode-9", 9)]);

        Assert.Equal(2, added);
        Assert.Equal(CyclicData.Items + 2, session.ItemCount);
        var newOnly = session.Recommend(["3", "4", "5"], k: 2, filter: id => id.StartsWith("new-", StringComparison.Ordinal));
        Assert.Equal(2, newOnly.Count);
        Assert.Equal("Episode 6 of the cycle", newOnly.Single(r => r.ItemId == "new-episode-6").Title);
        Assert.All(session.Score(["new-episode-6", "7"], ["8", "new-episode-9"]), s => Assert.True(float.IsFinite(s)));
    }

    [Fact]
    public void The_evaluator_ranks_items_added_to_the_session_and_only_those_it_knows()
    {
        using var session = new RecommenderSession(trained.Bundle);
        session.AddItems([CyclicData.Item("new-episode-6", 6)]);
        var items = new Recommender.Data.IdMap(["4", "5", "new-episode-6", "never-heard-of"]);
        var scores = new float[items.Count + 1];

        session.AsScorer(items).Score([new ReadOnlyMemory<int>([1, 2])], scores);

        Assert.True(float.IsFinite(scores[3]), "the added item has a score");
        Assert.Equal(float.NegativeInfinity, scores[4]);
        Assert.Equal(session.Score(["4", "5"], ["new-episode-6"])[0], scores[3], 5);
    }

    [Fact]
    public void Adding_items_refuses_duplicates_and_items_without_text()
    {
        using var session = new RecommenderSession(trained.Bundle);

        var duplicate = Assert.Throws<ArgumentException>(() => session.AddItems([CyclicData.Item("5", 5)]));
        var noText = Assert.Throws<ArgumentException>(() => session.AddItems([new Recommender.Data.CatalogItem("silent", new Dictionary<string, string>())]));

        Assert.Contains("Item '5' is already known", duplicate.Message, StringComparison.Ordinal);
        Assert.Contains("Item 'silent' has no text", noText.Message, StringComparison.Ordinal);
        Assert.Equal(CyclicData.Items, session.ItemCount);
    }

    [Fact]
    public void A_model_without_text_cannot_add_items_and_says_why()
    {
        using var session = new RecommenderSession(trained.BundleWithoutText);

        var error = Assert.Throws<InvalidOperationException>(() => session.AddItems([CyclicData.Item("new", 1)]));

        Assert.Contains("trained without item text", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Asking_for_cuda_without_it_scores_on_the_cpu_with_a_message()
    {
        using var session = new RecommenderSession(trained.Bundle, new RecommenderSessionOptions { ExecutionProvider = ExecutionProvider.Cuda });

        Assert.Equal(ExecutionProvider.Cpu, session.ExecutionProvider);
        Assert.Contains("CUDA was requested but cannot be used here", session.FallbackMessage, StringComparison.Ordinal);
        Assert.Equal("6", session.Recommend(["4", "5"], k: 1)[0].ItemId);
    }
}
