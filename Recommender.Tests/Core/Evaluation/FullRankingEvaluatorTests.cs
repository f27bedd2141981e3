using CsCheck;
using Recommender.Data;
using Recommender.Evaluation;
using Recommender.Splitting;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Core.Evaluation;

public sealed class FullRankingEvaluatorTests
{
    // u1's test target d has input [a, b, c]; u2's test target g has input [e, f]. Seven items in all.
    private static readonly DataSplit Tiny = LeaveOneOutSplitter.Split(Datasets.Build(
    [
        new("u1", "a"), new("u1", "b"), new("u1", "c"), new("u1", "d"),
        new("u2", "e"), new("u2", "f"), new("u2", "g"),
    ]));

    private static readonly Dictionary<string, float> TinyScores = new(StringComparer.Ordinal)
    {
        ["a"] = 9, ["b"] = 1, ["c"] = 8, ["d"] = 5, ["e"] = 7, ["f"] = 6, ["g"] = 2,
    };

    [Fact]
    public void Ranks_and_metrics_match_hand_computed_values()
    {
        var result = FullRankingEvaluator.Evaluate(Tiny, Tiny.Test, ByItemId(Tiny, id => TinyScores[id]), new EvaluationOptions { Ks = [1, 3, 5] });

        // u1: d (5) is beaten by e (7) and f (6); a (9) and c (8) are in the history. u2: g (2) is beaten by a, c, d.
        // u2's shorter history is scored first; each rank still lands in its example's place.
        Assert.Equal([3, 4], result.Ranks);
        Assert.Equal(2, result.ExampleCount);
        Assert.Equal(0, result.Get("HR@1"));
        Assert.Equal(0.5, result.Get("HR@3"));
        Assert.Equal(1, result.Get("HR@5"));
        Assert.Equal(0, result.Get("NDCG@1"));
        Assert.Equal(0.25, result.Get("NDCG@3"), 12);
        Assert.Equal((0.5 + 1 / Math.Log2(5)) / 2, result.Get("NDCG@5"), 12);
        Assert.Equal(7.0 / 24, result.Get(MetricNames.Mrr), 12);
        Assert.Equal(3.5, result.Get(MetricNames.MeanRank));
        Assert.Equal([1, 3, 5], result.Ks);
    }

    [Fact]
    public void A_rank_equal_to_K_is_a_hit_and_one_more_is_not()
    {
        var result = FullRankingEvaluator.Evaluate(Tiny, Tiny.Test, ByItemId(Tiny, id => TinyScores[id]), new EvaluationOptions { Ks = [4, 3] });

        Assert.Equal(0.5, result.Get("HR@3"));
        Assert.Equal(1, result.Get("HR@4"));
        Assert.Equal(0.25, result.Get("NDCG@3"), 12);
        Assert.Equal((0.5 + 1 / Math.Log2(5)) / 2, result.Get("NDCG@4"), 12);
        Assert.Equal([3, 4], result.Ks);
    }

    [Fact]
    public void Seen_items_outranking_the_target_do_not_count_unless_filtering_is_off()
    {
        var scorer = ByItemId(Tiny, id => TinyScores[id]);

        var kept = FullRankingEvaluator.Evaluate(Tiny, Tiny.Test, scorer, new EvaluationOptions { ExcludeSeen = false });

        // Now a and c count against u1's d, and e and f against u2's g.
        Assert.Equal([5, 6], kept.Ranks);
        Assert.Contains("kept in the ranking", kept.Protocol, StringComparison.Ordinal);
        Assert.Equal([3, 4], FullRankingEvaluator.Evaluate(Tiny, Tiny.Test, scorer).Ranks);
    }

    [Fact]
    public void A_target_the_user_consumed_before_is_still_ranked()
    {
        // u's test target is a again, with input [a, b]; b outscores it but is in the history.
        var split = LeaveOneOutSplitter.Split(Datasets.Build([new("u", "a"), new("u", "b"), new("u", "a"), new("v", "c"), new("v", "d"), new("v", "e")]));
        var scores = new Dictionary<string, float>(StringComparer.Ordinal) { ["a"] = 5, ["b"] = 10, ["c"] = 1, ["d"] = 1, ["e"] = 6 };

        var result = FullRankingEvaluator.Evaluate(split, split.Test.Where(e => e.User == split.Log.Users["u"]).ToList(), ByItemId(split, id => scores[id]));

        Assert.Equal([2], result.Ranks);
        Assert.Equal("a", split.Log.Items.GetId(split.GetTarget(result.Examples[0])));
    }

    [Fact]
    public void Ties_count_against_the_model_so_a_constant_scorer_ranks_last()
    {
        var constant = ByItemId(Tiny, _ => 1);

        // Seven items, minus the three (u1) or two (u2) in the history.
        Assert.Equal([4, 5], FullRankingEvaluator.Evaluate(Tiny, Tiny.Test, constant).Ranks);
        Assert.Equal([7, 7], FullRankingEvaluator.Evaluate(Tiny, Tiny.Test, constant, new EvaluationOptions { ExcludeSeen = false }).Ranks);
    }

    [Fact]
    public void NaN_scores_are_refused_naming_the_example()
    {
        var nan = ByItemId(Tiny, id => id == "e" ? float.NaN : 1);

        // e is u2's history, so even a NaN the ranking would skip is an error: the model is broken. Examples are
        // scored shortest history first, so u2's is the first to fail.
        var error = Assert.Throws<InvalidOperationException>(() => FullRankingEvaluator.Evaluate(Tiny, Tiny.Test, nan));

        Assert.Contains("user 'u2'", error.Message, StringComparison.Ordinal);
        Assert.Contains("position 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scorer_that_leaves_scores_unwritten_is_caught()
    {
        var lazy = new DelegateScorer(Tiny.Log.ItemCount, (_, row) => row[1] = 0);

        Assert.Throws<InvalidOperationException>(() => FullRankingEvaluator.Evaluate(Tiny, Tiny.Test, lazy));
    }

    [Fact]
    public void Bad_arguments_are_refused_with_the_reason()
    {
        var scorer = ByItemId(Tiny, id => TinyScores[id]);

        Assert.Contains("knows 3 items", Assert.Throws<ArgumentException>(() => FullRankingEvaluator.Evaluate(Tiny, Tiny.Test, new DelegateScorer(3, (_, _) => { }))).Message, StringComparison.Ordinal);
        Assert.Contains("no examples", Assert.Throws<ArgumentException>(() => FullRankingEvaluator.Evaluate(Tiny, [], scorer)).Message, StringComparison.Ordinal);
        Assert.Contains("not an interaction", Assert.Throws<ArgumentException>(() => FullRankingEvaluator.Evaluate(Tiny, [new SplitExample(1, 4)], scorer)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => FullRankingEvaluator.Evaluate(Tiny, Tiny.Test, scorer, new EvaluationOptions { Ks = [0] }));
        Assert.Throws<ArgumentOutOfRangeException>(() => FullRankingEvaluator.Evaluate(Tiny, Tiny.Test, scorer, new EvaluationOptions { BatchSize = 0 }));
        Assert.Throws<KeyNotFoundException>(() => FullRankingEvaluator.Evaluate(Tiny, Tiny.Test, scorer).Get("HR@3"));
        Assert.Throws<OperationCanceledException>(() => FullRankingEvaluator.Evaluate(Tiny, Tiny.Test, scorer, ct: new CancellationToken(canceled: true)));
    }

    [Fact]
    public void The_protocol_states_the_ranking_the_filtering_the_targets_and_the_split()
    {
        var result = FullRankingEvaluator.Evaluate(Tiny, Tiny.Test, ByItemId(Tiny, id => TinyScores[id]));

        Assert.StartsWith("full ranking over 7 items", result.Protocol, StringComparison.Ordinal);
        Assert.Contains("items in the history excluded (except the target)", result.Protocol, StringComparison.Ordinal);
        Assert.Contains("2 test targets", result.Protocol, StringComparison.Ordinal);
        Assert.Contains(Tiny.Report.Protocol, result.Protocol, StringComparison.Ordinal);
        Assert.Contains("2 validation targets", FullRankingEvaluator.Evaluate(Tiny, Tiny.Validation, ByItemId(Tiny, _ => 0)).Protocol, StringComparison.Ordinal);
    }

    [Fact]
    public void Ranks_equal_a_naive_sort_based_reference()
    {
        // Few items and few distinct scores, so repeats, re-consumed targets and ties are common.
        var logs = Gen.Select(Gen.Int[1, 6], Gen.Int[1, 8]).Array[3, 60]
            .Select(rows => Datasets.Build(rows.Select(r => new InteractionRecord($"u{r.Item1}", $"i{r.Item2}")), DuplicateHandling.Keep));
        Gen.Select(logs, Gen.Float[-2, 2].Array[16], Gen.Bool, Gen.Int[1, 5], Gen.Bool).Sample((log, table, excludeSeen, batchSize, validation) =>
        {
            var split = LeaveOneOutSplitter.Split(log);
            var examples = validation ? split.Validation : split.Test;
            if (examples.Count == 0)
            {
                return;
            }

            // Rounded so that ties happen; depends on the history, so batching mistakes would show.
            float Score(int[] history, int item) => MathF.Round(table[(item * 7 + history.Length * 3 + (history.Length > 0 ? history[^1] : 0)) % table.Length]);
            var scorer = new DelegateScorer(log.ItemCount, (history, row) =>
            {
                for (var item = 1; item < row.Length; item++) row[item] = Score(history, item);
            });

            var result = FullRankingEvaluator.Evaluate(split, examples, scorer, new EvaluationOptions { ExcludeSeen = excludeSeen, BatchSize = batchSize });

            var expected = examples.Select(e =>
            {
                var history = split.GetInput(e).ToArray();
                var target = split.GetTarget(e);
                var order = Enumerable.Range(1, log.ItemCount)
                    .Where(i => i == target || !excludeSeen || !history.Contains(i))
                    .OrderByDescending(i => Score(history, i))
                    .ThenBy(i => i == target ? 1 : 0)
                    .ToList();
                return order.IndexOf(target) + 1;
            });
            Assert.Equal(expected, result.Ranks);
            Assert.Equal(result.Ranks.Average(r => r <= 10 ? 1 / Math.Log2(r + 1) : 0), result.Get("NDCG@10"), 12);
            Assert.Equal(result.Ranks.Average(r => r <= 5 ? 1.0 : 0), result.Get("HR@5"), 12);
        }, iter: 300, seed: "0N0XIzNsQ0O2");
    }

    [Fact]
    public void Coverage_and_popularity_come_from_the_top_lists_with_seen_items_left_out()
    {
        var result = FullRankingEvaluator.Evaluate(Tiny, Tiny.Test, ByItemId(Tiny, id => TinyScores[id]), new EvaluationOptions { Ks = [1, 3] });

        // u1 (seen a, b, c): e 7, f 6, d 5. u2 (seen e, f): a 9, c 8, d 5. Training holds a, b (u1) and e (u2).
        string Ids(int[] items) => string.Concat(items.Select(Tiny.Log.Items.GetId));
        Assert.Equal(["efd", "acd"], result.TopItems.Select(Ids));
        Assert.Equal(2.0 / 7, result.Get(MetricNames.Coverage(1)), 12);
        Assert.Equal(5.0 / 7, result.Get(MetricNames.Coverage(3)), 12);
        Assert.Equal(1.0, result.Get(MetricNames.Popularity(1)), 12);
        Assert.Equal(2.0 / 6, result.Get(MetricNames.Popularity(3)), 12);
        Assert.Equal(0, result.Get(MetricNames.TargetPopularity));
        Assert.Equal(result.Get("HR@3"), result.Get(MetricNames.Recall(3)));
        Assert.Null(result.Sampled);
    }

    [Fact]
    public void Without_list_metrics_the_ranks_are_the_same_and_no_top_lists_are_kept()
    {
        var scorer = ByItemId(Tiny, id => TinyScores[id]);

        var with = FullRankingEvaluator.Evaluate(Tiny, Tiny.Test, scorer, new EvaluationOptions { Ks = [1, 3] });
        var without = FullRankingEvaluator.Evaluate(Tiny, Tiny.Test, scorer, new EvaluationOptions { Ks = [1, 3], ListMetrics = false });

        Assert.Equal(with.Ranks, without.Ranks);
        Assert.Empty(without.TopItems);
        Assert.False(without.Metrics.ContainsKey(MetricNames.Coverage(3)));
        Assert.False(without.Metrics.ContainsKey(MetricNames.TargetPopularity));
        Assert.Equal(with.Get(MetricNames.Recall(3)), without.Get(MetricNames.Recall(3)));
    }

    [Fact]
    public void Sampled_metrics_come_only_when_asked_labelled_and_the_same_negatives_for_every_run()
    {
        var scorer = ByItemId(Tiny, id => TinyScores[id]);

        var all = FullRankingEvaluator.Evaluate(Tiny, Tiny.Test, scorer, new EvaluationOptions { SampledNegatives = 100 });
        var one = FullRankingEvaluator.Evaluate(Tiny, Tiny.Test, scorer, new EvaluationOptions { SampledNegatives = 1 });
        var again = FullRankingEvaluator.Evaluate(Tiny, Tiny.Test, scorer, new EvaluationOptions { SampledNegatives = 1 });

        // With more negatives than eligible items every item is drawn, so the sampled rank is the full one.
        Assert.Equal(all.Ranks, all.Sampled!.Ranks);
        Assert.StartsWith("SAMPLED: each target ranked among 1 random items", one.Sampled!.Protocol, StringComparison.Ordinal);
        Assert.All(one.Sampled.Ranks, r => Assert.InRange(r, 1, 2));
        Assert.Equal(one.Sampled.Ranks, again.Sampled!.Ranks);
        Assert.Contains("no sampled negatives", one.Protocol, StringComparison.Ordinal);
    }

    private static DelegateScorer ByItemId(DataSplit split, Func<string, float> score) =>
        new(split.Log.ItemCount, (_, row) =>
        {
            for (var item = 1; item < row.Length; item++) row[item] = score(split.Log.Items.GetId(item));
        });

    /// <summary>Scores one history at a time with a delegate that fills a row (column 0 included, which it may ignore).</summary>
    private sealed class DelegateScorer(int itemCount, Action<int[], float[]> fill) : IRecommenderScorer
    {
        public int ItemCount => itemCount;

        public void Score(IReadOnlyList<ReadOnlyMemory<int>> histories, Span<float> scores)
        {
            var row = new float[itemCount + 1];
            for (var b = 0; b < histories.Count; b++)
            {
                scores.Slice(b * row.Length, row.Length).CopyTo(row);
                fill(histories[b].ToArray(), row);
                row.CopyTo(scores.Slice(b * row.Length, row.Length));
            }
        }
    }
}
