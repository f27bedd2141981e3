using CsCheck;
using Recommender.Data;
using Recommender.Evaluation;
using Recommender.Splitting;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Core.Evaluation;

public sealed class EaseScorerTests
{
    [Fact]
    public void Weights_match_the_closed_form_computed_by_hand()
    {
        // Training prefixes: u1 [a, b], u2 [a]. XᵀX over (a, b) is [[2, 1], [1, 1]]; with λ = 1 its inverse P is
        // [[2, -1], [-1, 3]] / 5, so B[a, b] = -P[a, b] / P[b, b] = 1/3 and B[b, a] = -P[b, a] / P[a, a] = 1/2.
        var split = LeaveOneOutSplitter.Split(Datasets.Build(
        [
            new("u1", "a"), new("u1", "b"), new("u1", "v"), new("u1", "t"),
            new("u2", "a"), new("u2", "v"), new("u2", "t"),
        ]));
        int a = split.Log.Items["a"], b = split.Log.Items["b"], v = split.Log.Items["v"];

        var scorer = EaseScorer.Fit(split, new EaseOptions { Lambda = 1 });

        Assert.Equal(1 / 3.0, scorer.GetWeight(a, b), 5);
        Assert.Equal(1 / 2.0, scorer.GetWeight(b, a), 5);
        Assert.Equal(0, scorer.GetWeight(a, a));
        Assert.Equal(0, scorer.GetWeight(a, v), 6);

        // A history adds the rows of its distinct items: [a, b, a] scores a with B[b, a] and b with B[a, b].
        var scores = new float[scorer.ItemCount + 1];
        scorer.Score([new[] { a, b, a }], scores);
        Assert.Equal(1 / 2.0, scores[a], 5);
        Assert.Equal(1 / 3.0, scores[b], 5);
    }

    [Fact]
    public void Scores_equal_a_double_precision_reference_on_random_logs()
    {
        var logs = Gen.Select(Gen.Int[1, 8], Gen.Int[1, 7]).Array[3, 60]
            .Select(rows => Datasets.Build(rows.Select(r => new InteractionRecord($"u{r.Item1}", $"i{r.Item2}")), DuplicateHandling.Keep));
        Gen.Select(logs, Gen.Double[0.5, 50]).Sample((log, lambda) =>
        {
            var split = LeaveOneOutSplitter.Split(log);
            var n = log.ItemCount;
            var sets = Enumerable.Range(1, log.UserCount).Select(u => split.GetTrainItems(u).ToArray().ToHashSet()).ToArray();
            var p = new double[n, n];
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    p[i, j] = sets.Count(s => s.Contains(i + 1) && s.Contains(j + 1)) + (i == j ? lambda : 0);
                }
            }

            Invert(p);
            var scorer = EaseScorer.Fit(split, new EaseOptions { Lambda = lambda });
            foreach (var example in split.Test)
            {
                var history = split.GetInput(example).ToArray();
                var scores = new float[n + 1];
                scorer.Score([history], scores);
                for (var j = 1; j <= n; j++)
                {
                    var expected = history.Distinct().Where(i => i != j).Sum(i => -p[i - 1, j - 1] / p[j - 1, j - 1]);
                    Assert.Equal(expected, scores[j], 1e-4);
                }
            }
        }, iter: 60, seed: "0N0XIzNsQ0O2");
    }

    [Fact]
    public void A_catalog_above_the_limit_and_bad_settings_are_refused()
    {
        var split = CyclicData.Split();

        Assert.False(EaseScorer.Fits(split.Log.ItemCount, new EaseOptions { MaxItems = split.Log.ItemCount - 1 }));
        Assert.True(EaseScorer.Fits(split.Log.ItemCount));
        var error = Assert.Throws<InvalidOperationException>(() => EaseScorer.Fit(split, new EaseOptions { MaxItems = split.Log.ItemCount - 1 }));
        Assert.Contains("MaxItems", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => EaseScorer.Fit(split, new EaseOptions { Lambda = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => EaseScorer.Fit(split, new EaseOptions { Lambda = double.NaN }));
        Assert.Throws<ArgumentOutOfRangeException>(() => EaseScorer.Fit(split, new EaseOptions { MaxItems = 50_000 }));
    }

    // Gauss-Jordan with partial pivoting, in place: an independent reference for the runtime's inverse.
    private static void Invert(double[,] m)
    {
        var n = m.GetLength(0);
        var a = new double[n, 2 * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                a[i, j] = m[i, j];
            }

            a[i, n + i] = 1;
        }

        for (var c = 0; c < n; c++)
        {
            var pivot = Enumerable.Range(c, n - c).MaxBy(r => Math.Abs(a[r, c]));
            for (var j = 0; j < 2 * n; j++)
            {
                (a[c, j], a[pivot, j]) = (a[pivot, j], a[c, j]);
            }

            var scale = a[c, c];
            for (var j = 0; j < 2 * n; j++)
            {
                a[c, j] /= scale;
            }

            for (var r = 0; r < n; r++)
            {
                if (r != c)
                {
                    var factor = a[r, c];
                    for (var j = 0; j < 2 * n; j++)
                    {
                        a[r, j] -= factor * a[c, j];
                    }
                }
            }
        }

        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                m[i, j] = a[i, n + j];
            }
        }
    }
}
