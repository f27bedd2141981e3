using System.Globalization;
using Recommender.Data;
using Recommender.Evaluation;
using Recommender.Scoring;
using Recommender.Splitting;

namespace Recommender.Benchmarks;

/// <summary>
/// How much a trained model gains from adding the item-transition statistics to its scores: several forms of the
/// transition term and a grid of weights, each scored on the validation targets, the best form and weight then on
/// the test targets (full ranking, seen items excluded).
/// </summary>
internal static class BlendProbe
{
    private static readonly float[] Weights = [0f, 0.25f, 0.5f, 1f, 2f, 3f, 4f, 6f, 8f, 12f, 16f, 24f, 32f];

    private static readonly (string Name, Func<float, float, float> Term)[] Forms =
    [
        ("raw", (t, max) => t),
        ("per-user max", (t, max) => max > 0 ? t / max : 0),
        ("log1p(t)", (t, max) => MathF.Log(1 + t)),
        ("log1p(10 t)", (t, max) => MathF.Log(1 + 10 * t)),
        ("log1p(100 t)", (t, max) => MathF.Log(1 + 100 * t)),
        ("sqrt", (t, max) => MathF.Sqrt(t)),
    ];

    public static async Task RunAsync(string input, bool sequencesText, string model, int followers)
    {
        var options = new DataReadOptions { Format = sequencesText ? InteractionFormat.SequenceText : InteractionFormat.Auto };
        var dataset = await DatasetLoader.LoadAsync(input, options: options);
        var split = LeaveOneOutSplitter.Split(dataset.Interactions);
        using var session = RecommenderSession.Load(model);
        var modelScorer = session.AsScorer(dataset.Interactions.Items);
        var transitions = ItemTransitionScorer.Fit(split, new ItemTransitionOptions { MaxFollowers = followers });
        Console.WriteLine($"{input}: {split.Validation.Count:N0} validation and {split.Test.Count:N0} test targets, {split.Log.ItemCount:N0} items, followers kept per item: {(followers == 0 ? "all" : followers)}");

        var validation = Sweep(split, split.Validation, modelScorer, transitions);
        var test = Sweep(split, split.Test, modelScorer, transitions);
        Console.WriteLine("| form | best weight on validation | validation NDCG@10 (weight 0) | validation NDCG@10 | test NDCG@10 (weight 0) | test NDCG@10 |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        for (var f = 0; f < Forms.Length; f++)
        {
            var best = 0;
            for (var w = 1; w < Weights.Length; w++)
            {
                if (validation[f, w] > validation[f, best])
                {
                    best = w;
                }
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {Forms[f].Name} | {Weights[best]} | {validation[f, 0]:F4} | {validation[f, best]:F4} | {test[f, 0]:F4} | {test[f, best]:F4} |"));
            Console.WriteLine("  validation by weight: " + string.Join("  ", Enumerable.Range(0, Weights.Length).Select(w => string.Create(CultureInfo.InvariantCulture, $"{Weights[w]}:{validation[f, w]:F4}"))));
        }
    }

    private static double[,] Sweep(DataSplit split, IReadOnlyList<SplitExample> examples, IRecommenderScorer model, ItemTransitionScorer transitions)
    {
        const int batch = 256;
        var columns = split.Log.ItemCount + 1;
        var sums = new double[Forms.Length, Weights.Length];
        var modelScores = new float[batch * columns];
        var transitionScores = new float[batch * columns];
        var blended = new float[columns];
        for (var start = 0; start < examples.Count; start += batch)
        {
            var chunk = examples.Skip(start).Take(batch).ToList();
            var histories = chunk.Select(e => (ReadOnlyMemory<int>)split.GetInput(e).ToArray()).ToList();
            model.Score(histories, modelScores.AsSpan(0, chunk.Count * columns));
            transitions.Score(histories, transitionScores.AsSpan(0, chunk.Count * columns));
            for (var b = 0; b < chunk.Count; b++)
            {
                var m = modelScores.AsSpan(b * columns, columns);
                var t = transitionScores.AsSpan(b * columns, columns);
                var max = 0f;
                for (var i = 1; i < columns; i++)
                {
                    max = Math.Max(max, Math.Max(0, t[i]));
                }

                var target = split.GetTarget(chunk[b]);
                var seen = new HashSet<int>(histories[b].ToArray());
                seen.Remove(target);
                for (var f = 0; f < Forms.Length; f++)
                {
                    for (var w = 0; w < Weights.Length; w++)
                    {
                        for (var i = 1; i < columns; i++)
                        {
                            blended[i] = m[i] + Weights[w] * Forms[f].Term(Math.Max(0, t[i]), max);
                        }

                        var score = blended[target];
                        var rank = 0;
                        for (var i = 1; i < columns && rank < 10; i++)
                        {
                            if (i != target && blended[i] >= score && !seen.Contains(i))
                            {
                                rank++;
                            }
                        }

                        if (rank < 10)
                        {
                            sums[f, w] += 1 / Math.Log2(rank + 2);
                        }
                    }
                }
            }
        }

        for (var f = 0; f < Forms.Length; f++)
        {
            for (var w = 0; w < Weights.Length; w++)
            {
                sums[f, w] /= examples.Count;
            }
        }

        return sums;
    }
}
