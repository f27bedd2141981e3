using CsCheck;
using Recommender.Data;
using Recommender.Evaluation;
using Recommender.Splitting;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Core.Evaluation;

public sealed class ItemTransitionScorerTests
{
    // Training prefixes: u1 [a, b, c], u2 [a, c], u3 [b, c]; v and t are only validation and test targets.
    private static readonly DataSplit Split = LeaveOneOutSplitter.Split(Datasets.Build(
    [
        new("u1", "a"), new("u1", "b"), new("u1", "c"), new("u1", "v"), new("u1", "t"),
        new("u2", "a"), new("u2", "c"), new("u2", "v"), new("u2", "t"),
        new("u3", "b"), new("u3", "c"), new("u3", "v"), new("u3", "t"),
    ]));

    [Fact]
    public void Followers_weigh_one_over_the_gap_normalised_by_both_popularities()
    {
        var scorer = ItemTransitionScorer.Fit(Split);
        int a = Item("a"), b = Item("b"), c = Item("c");

        // Popularity a 2, b 2, c 3. a→b once at gap 1; a→c at gap 2 (u1) and gap 1 (u2); b→c twice at gap 1.
        Assert.Equal(Weights((b, 1 / 2.0), (c, 1.5 / Math.Sqrt(6))), Followers(scorer, a));
        Assert.Equal(Weights((c, 2 / Math.Sqrt(6))), Followers(scorer, b));
        Assert.Empty(Followers(scorer, c));
    }

    [Fact]
    public void The_latest_item_votes_fully_and_earlier_ones_by_one_over_their_distance_from_the_end()
    {
        var scorer = ItemTransitionScorer.Fit(Split);
        int a = Item("a"), b = Item("b"), c = Item("c"), v = Item("v"), t = Item("t");

        var row = Score(scorer, [a, b]);

        Assert.Equal(2 / Math.Sqrt(6) + 1.5 / Math.Sqrt(6) / 2, row[c], 6);
        Assert.Equal(0.5 / 2, row[b], 6);

        // Nothing followed a from b: a falls back to its popularity, below every followed item; v and t were never trained on.
        Assert.Equal(-1 + 0.5 * 2 / 4, row[a], 6);
        Assert.Equal(-1, row[v], 6);
        Assert.Equal(-1, row[t], 6);
        Assert.True(row[b] > 0 && row[a] > row[v]);
    }

    [Fact]
    public void Window_and_recent_items_bound_what_counts()
    {
        var scorer = ItemTransitionScorer.Fit(Split, new ItemTransitionOptions { Window = 1, Recent = 1 });
        int a = Item("a"), b = Item("b"), c = Item("c");

        // With a window of one step, u1's a→c (two steps) no longer counts.
        Assert.Equal(Weights((b, 1 / 2.0), (c, 1 / Math.Sqrt(6))), Followers(scorer, a));

        // Only the latest item votes: a's followers do not score after b.
        var row = Score(scorer, [a, b]);
        Assert.Equal(2 / Math.Sqrt(6), row[c], 6);
        Assert.True(row[b] < 0);
    }

    [Fact]
    public void A_repeat_of_the_same_item_is_no_transition()
    {
        // Training prefix: u [a, a, b].
        var split = LeaveOneOutSplitter.Split(Datasets.Build(
            [new("u", "a"), new("u", "a"), new("u", "b"), new("u", "v"), new("u", "t")], DuplicateHandling.Keep));
        var scorer = ItemTransitionScorer.Fit(split);
        int a = split.Log.Items["a"], b = split.Log.Items["b"];

        // a→b at gaps 2 and 1; pop(a) 2, pop(b) 1.
        Assert.Equal([b], scorer.GetFollowers(a).ToArray());
        Assert.Equal(1.5 / Math.Sqrt(2), scorer.GetWeights(a)[0], 6);
    }

    [Fact]
    public void Scores_equal_a_brute_force_reference_on_random_logs()
    {
        var logs = Gen.Select(Gen.Int[1, 6], Gen.Int[1, 9]).Array[3, 80]
            .Select(rows => Datasets.Build(rows.Select(r => new InteractionRecord($"u{r.Item1}", $"i{r.Item2}")), DuplicateHandling.Keep));
        var windows = Gen.Select(Gen.Int[1, 4], Gen.Int[1, 4]);
        Gen.Select(logs, windows).Sample((log, settings) =>
        {
            var (window, recent) = settings;
            var split = LeaveOneOutSplitter.Split(log);
            var n = log.ItemCount;
            var sequences = Enumerable.Range(1, log.UserCount).Select(u => split.GetTrainItems(u).ToArray()).ToArray();
            var pop = new double[n + 1];
            foreach (var item in sequences.SelectMany(s => s))
            {
                pop[item]++;
            }

            double Weight(int i, int j)
            {
                var sum = 0.0;
                foreach (var s in sequences)
                {
                    for (var p = 0; p < s.Length; p++)
                    {
                        for (var g = 1; g <= window && p + g < s.Length; g++)
                        {
                            sum += s[p] == i && s[p + g] == j && i != j ? 1.0 / g : 0;
                        }
                    }
                }

                return sum == 0 ? 0 : sum / Math.Sqrt(pop[i] * pop[j]);
            }

            var scorer = ItemTransitionScorer.Fit(split, new ItemTransitionOptions { Window = window, Recent = recent });
            foreach (var example in split.Test)
            {
                var history = split.GetInput(example).ToArray();
                var row = Score(scorer, history);
                for (var j = 1; j <= n; j++)
                {
                    var expected = Enumerable.Range(1, Math.Min(recent, history.Length)).Sum(r => Weight(history[^r], j) / r);
                    if (expected > 0)
                    {
                        Assert.Equal(expected, row[j], 1e-5);
                    }
                    else
                    {
                        Assert.InRange(row[j], -1f, -0.5f);
                    }
                }
            }
        }, iter: 100, seed: "0N0XIzNsQ0O2");
    }

    [Fact]
    public void Bad_settings_and_buffers_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ItemTransitionScorer.Fit(Split, new ItemTransitionOptions { Window = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ItemTransitionScorer.Fit(Split, new ItemTransitionOptions { Recent = 0 }));
        var scorer = ItemTransitionScorer.Fit(Split);
        Assert.Throws<ArgumentException>(() => scorer.Score([new[] { Item("a") }], new float[Split.Log.ItemCount]));
        Assert.Throws<ArgumentOutOfRangeException>(() => scorer.Score([new int[1]], new float[Split.Log.ItemCount + 1]));
    }

    [Fact]
    public void Runs_through_the_evaluator_ranking_the_learned_follower_first()
    {
        // Every validation target is v; from c nothing was learned, so v ranks by popularity fallback among unseen items.
        var scorer = ItemTransitionScorer.Fit(Split);
        var result = FullRankingEvaluator.Evaluate(Split, Split.Validation, scorer);

        Assert.Equal(Split.Validation.Count, result.Ranks.Count);
        Assert.All(result.Ranks, rank => Assert.InRange(rank, 1, Split.Log.ItemCount));
    }

    private static int Item(string id) => Split.Log.Items[id];

    private static (int, float)[] Followers(ItemTransitionScorer scorer, int item) =>
        [.. scorer.GetFollowers(item).ToArray().Zip(scorer.GetWeights(item).ToArray())];

    private static (int, float)[] Weights(params (int Item, double Weight)[] expected) => [.. expected.Select(e => (e.Item, (float)e.Weight))];

    private static float[] Score(ItemTransitionScorer scorer, int[] history)
    {
        var scores = new float[scorer.ItemCount + 1];
        scores.AsSpan().Fill(float.NaN);
        scorer.Score([history], scores);
        return scores;
    }
}
