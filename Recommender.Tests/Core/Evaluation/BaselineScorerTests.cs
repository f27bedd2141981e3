using CsCheck;
using Recommender.Data;
using Recommender.Evaluation;
using Recommender.Splitting;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Core.Evaluation;

public sealed class BaselineScorerTests
{
    // Training prefixes: u1 [a, b, a, c], u2 [a, b], u3 [b, c]. x and y are only ever validation and test targets.
    private static readonly DataSplit Knn = LeaveOneOutSplitter.Split(Datasets.Build(
    [
        new("u1", "a"), new("u1", "b"), new("u1", "a"), new("u1", "c"), new("u1", "x"), new("u1", "y"),
        new("u2", "a"), new("u2", "b"), new("u2", "x"), new("u2", "y"),
        new("u3", "b"), new("u3", "c"), new("u3", "x"), new("u3", "y"),
    ]));

    [Fact]
    public void Popularity_counts_training_interactions_only()
    {
        // Training: u1 [a, b], u2 [a]. c is a validation and a test target, z only u1's test target.
        var split = LeaveOneOutSplitter.Split(Datasets.Build(
            [new("u1", "a"), new("u1", "b"), new("u1", "c"), new("u1", "z"), new("u2", "a"), new("u2", "b"), new("u2", "c")]));

        var scorer = PopularityScorer.Fit(split);
        var rows = Score(scorer, [[], [split.Log.Items["a"], split.Log.Items["c"]]]);

        foreach (var row in rows)
        {
            Assert.Equal(2, row[split.Log.Items["a"]]);
            Assert.Equal(1, row[split.Log.Items["b"]]);
            Assert.Equal(0, row[split.Log.Items["c"]]);
            Assert.Equal(0, row[split.Log.Items["z"]]);
        }

        Assert.Equal(rows[0], rows[1]);
    }

    [Fact]
    public void Popularity_counts_a_users_repeats()
    {
        var split = LeaveOneOutSplitter.Split(Datasets.Build([new("u", "a"), new("u", "b"), new("u", "a"), new("u", "c"), new("u", "d")]));

        Assert.Equal(2, PopularityScorer.Fit(split).GetCount(split.Log.Items["a"]));
    }

    [Fact]
    public void Item_knn_sums_cosine_similarities_of_distinct_history_items()
    {
        var scorer = ItemKnnScorer.Fit(Knn);
        int a = Item("a"), b = Item("b"), c = Item("c"), x = Item("x"), y = Item("y");

        // User sets: a {u1, u2}, b {u1, u2, u3}, c {u1, u3}; u1's repeat of a counts once.
        var ab = 2 / Math.Sqrt(6);
        var ac = 0.5;
        var bc = 2 / Math.Sqrt(6);
        var rows = Score(scorer, [[a], [a, a, c], [x, y], []]);

        AssertRow(rows[0], (a, 0), (b, ab), (c, ac), (x, 0), (y, 0));
        AssertRow(rows[1], (a, ac), (b, ab + bc), (c, ac), (x, 0), (y, 0));
        AssertRow(rows[2], (a, 0), (b, 0), (c, 0), (x, 0), (y, 0));
        AssertRow(rows[3], (a, 0), (b, 0), (c, 0), (x, 0), (y, 0));
        Assert.True(scorer.GetNeighbours(x).IsEmpty);
        Assert.True(scorer.GetNeighbours(y).IsEmpty);
    }

    [Fact]
    public void Item_knn_keeps_the_most_similar_neighbours_breaking_ties_by_index()
    {
        var scorer = ItemKnnScorer.Fit(Knn, new ItemKnnOptions { Neighbours = 1 });
        int a = Item("a"), b = Item("b"), c = Item("c");

        Assert.Equal([b], scorer.GetNeighbours(a).ToArray());
        Assert.Equal([b], scorer.GetNeighbours(c).ToArray());

        // a and c are equally similar to b, so the lower index wins.
        Assert.Equal([Math.Min(a, c)], scorer.GetNeighbours(b).ToArray());

        // c is no longer one of a's neighbours, nor a one of c's, so only b scores.
        var rows = Score(scorer, [[a, c]]);
        AssertRow(rows[0], (a, 0), (b, 4 / Math.Sqrt(6)), (c, 0));
    }

    [Fact]
    public void Item_knn_with_every_neighbour_equals_a_dense_cosine_reference()
    {
        var logs = Gen.Select(Gen.Int[1, 8], Gen.Int[1, 10]).Array[3, 80]
            .Select(rows => Datasets.Build(rows.Select(r => new InteractionRecord($"u{r.Item1}", $"i{r.Item2}")), DuplicateHandling.Keep));
        logs.Sample(log =>
        {
            var split = LeaveOneOutSplitter.Split(log);
            var n = log.ItemCount;
            var users = Enumerable.Range(1, log.UserCount).Select(u => split.GetTrainItems(u).ToArray().ToHashSet()).ToList();
            double Cosine(int i, int j)
            {
                var both = users.Count(s => s.Contains(i) && s.Contains(j));
                return both == 0 ? 0 : both / Math.Sqrt(users.Count(s => s.Contains(i)) * users.Count(s => s.Contains(j)));
            }

            var scorer = ItemKnnScorer.Fit(split, new ItemKnnOptions { Neighbours = n });
            var histories = split.Test.Select(e => split.GetInput(e).ToArray()).ToArray();
            var rows = Score(scorer, histories);

            for (var h = 0; h < histories.Length; h++)
            {
                for (var i = 1; i <= n; i++)
                {
                    var expected = histories[h].Distinct().Where(j => j != i).Sum(j => Cosine(j, i));
                    Assert.Equal(expected, rows[h][i], tolerance: 1e-5);
                }
            }
        }, iter: 100, seed: "0N0XIzNsQ0O2");
    }

    [Fact]
    public void Scorers_refuse_a_wrongly_sized_buffer_and_bad_options()
    {
        var histories = new ReadOnlyMemory<int>[] { new[] { Item("a") } };

        Assert.Throws<ArgumentException>(() => PopularityScorer.Fit(Knn).Score(histories, new float[Knn.Log.ItemCount]));
        Assert.Throws<ArgumentException>(() => ItemKnnScorer.Fit(Knn).Score(histories, new float[Knn.Log.ItemCount]));
        var padding = new ReadOnlyMemory<int>[] { new int[1] };
        Assert.Throws<ArgumentOutOfRangeException>(() => ItemKnnScorer.Fit(Knn).Score(padding, new float[Knn.Log.ItemCount + 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ItemKnnScorer.Fit(Knn, new ItemKnnOptions { Neighbours = 0 }));
    }

    [Fact]
    public void Baselines_run_through_the_evaluator()
    {
        // Every test target is y, which appears nowhere in training, so both baselines score it 0 and rank it
        // last among the unseen items: alone for u1 (whose history holds a, b, c and x), behind c or a for u2 and u3.
        var popularity = FullRankingEvaluator.Evaluate(Knn, Knn.Test, PopularityScorer.Fit(Knn));
        var knn = FullRankingEvaluator.Evaluate(Knn, Knn.Test, ItemKnnScorer.Fit(Knn));

        Assert.Equal([1, 2, 2], popularity.Ranks);
        Assert.Equal(popularity.Ranks, knn.Ranks);
    }

    private static int Item(string id) => Knn.Log.Items[id];

    private static float[][] Score(IRecommenderScorer scorer, int[][] histories)
    {
        var width = scorer.ItemCount + 1;
        var scores = new float[histories.Length * width];
        scores.AsSpan().Fill(float.NaN);
        scorer.Score(histories.Select(h => (ReadOnlyMemory<int>)h).ToArray(), scores);
        return histories.Select((_, b) => scores.AsSpan(b * width + 1, width - 1).ToArray().Prepend(0f).ToArray()).ToArray();
    }

    private static void AssertRow(float[] row, params (int Item, double Score)[] expected)
    {
        foreach (var (item, score) in expected)
        {
            Assert.Equal(score, row[item], 6);
        }
    }
}
