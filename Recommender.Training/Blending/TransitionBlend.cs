using System.Globalization;
using System.Numerics.Tensors;
using Recommender.Bundles;
using Recommender.Evaluation;
using Recommender.Splitting;

namespace Recommender.Training.Blending;

/// <summary>
/// The attention model's scores plus an item-transition term, <c>Weight · ln(1 + Scale · t)</c> (see
/// <see cref="BundleTransitions"/>), with the weight and scale chosen on the validation targets. First-order
/// transitions are what the model learns slowest on short, sparse histories; where they add nothing, the chosen
/// weight is 0 and the bundle scores with the model alone.
/// </summary>
public sealed class TransitionBlend
{
    private TransitionBlend(ItemTransitionScorer transitions, double weight, double scale, double without, double with, int examples)
    {
        Transitions = transitions;
        Weight = weight;
        Scale = scale;
        ValidationNdcgWithout = without;
        ValidationNdcgWith = with;
        ValidationExamples = examples;
    }

    /// <summary>The transition statistics, counted on the split's training prefixes.</summary>
    public ItemTransitionScorer Transitions { get; }

    /// <summary>The chosen weight; 0 when no weight tried beat the model alone on validation.</summary>
    public double Weight { get; }

    /// <summary>The chosen scale of the evidence inside the logarithm.</summary>
    public double Scale { get; }

    /// <summary>Whether the term is used: some weight beat the model alone on validation.</summary>
    public bool Pays => Weight > 0;

    /// <summary>Validation NDCG@10 of the model alone (full ranking, seen items excluded).</summary>
    public double ValidationNdcgWithout { get; }

    /// <summary>Validation NDCG@10 with the chosen term (equal to <see cref="ValidationNdcgWithout"/> when it does not pay).</summary>
    public double ValidationNdcgWith { get; }

    /// <summary>The validation targets the choice was made on.</summary>
    public int ValidationExamples { get; }

    /// <summary>What a bundle records of the term, or <see langword="null"/> when it does not pay.</summary>
    public BundleTransitions? Settings => Pays
        ? new BundleTransitions(Transitions.Options.Recent, Transitions.Options.Window, Transitions.Options.MaxFollowers, Weight, Scale, Transitions.ItemCount)
        : null;

    /// <summary>One line for a person: what was chosen and what it did on validation.</summary>
    public string Describe() => Pays
        ? string.Create(CultureInfo.InvariantCulture,
            $"item-transition term weight {Weight:G4}, scale {Scale:G4}: validation NDCG@10 {ValidationNdcgWithout:F4} -> {ValidationNdcgWith:F4} ({ValidationExamples:N0} targets)")
        : string.Create(CultureInfo.InvariantCulture,
            $"item-transition term not used: no weight beat the model alone on validation (NDCG@10 {ValidationNdcgWithout:F4}, {ValidationExamples:N0} targets)");

    /// <summary>
    /// Counts the transitions of <paramref name="split"/>'s training prefixes and chooses the weight and scale that give
    /// <paramref name="model"/> the best validation NDCG@10 (full ranking, items already seen excluded; weight 0 included).
    /// </summary>
    /// <param name="model">Scores the catalog; trained on the same split.</param>
    /// <param name="split">The split; its validation targets choose, its test targets are never read.</param>
    /// <param name="options">What is tried; <see langword="null"/> for the defaults.</param>
    /// <param name="ct">Checked between batches.</param>
    /// <exception cref="ArgumentException">The model's catalog differs from the split's, or the split has no validation targets.</exception>
    public static TransitionBlend Fit(IRecommenderScorer model, DataSplit split, TransitionBlendOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(split);
        options ??= new TransitionBlendOptions();
        options.Validate();
        if (model.ItemCount != split.Log.ItemCount)
        {
            throw new ArgumentException($"The model scores {model.ItemCount:N0} items but the split has {split.Log.ItemCount:N0}; fit the term on the split the model was trained on.", nameof(model));
        }

        if (split.Validation.Count == 0)
        {
            throw new ArgumentException("The split has no validation targets to choose the transition term's weight on.", nameof(split));
        }

        var transitions = ItemTransitionScorer.Fit(split, options.Transitions, ct);
        var gains = Sweep(model, transitions, split, options, ct);
        var (bestScale, bestWeight) = (0, -1);
        var best = gains[0, 0];
        for (var s = 0; s < options.Scales.Count; s++)
        {
            for (var w = 0; w < options.Weights.Count; w++)
            {
                // Strictly better only: on a tie the simpler model (no term, or the smaller weight) stays.
                if (gains[s, w + 1] > best)
                {
                    (best, bestScale, bestWeight) = (gains[s, w + 1], s, w);
                }
            }
        }

        var count = split.Validation.Count;
        return new TransitionBlend(transitions, bestWeight < 0 ? 0 : options.Weights[bestWeight], options.Scales[bestScale], gains[0, 0] / count, best / count, count);
    }

    /// <summary>Summed NDCG@10 over the validation targets for every scale and weight; column 0 is the model alone.</summary>
    private static double[,] Sweep(IRecommenderScorer model, ItemTransitionScorer transitions, DataSplit split, TransitionBlendOptions options, CancellationToken ct)
    {
        const int batchSize = 256;
        var examples = split.Validation;
        var width = split.Log.ItemCount + 1;
        var scales = options.Scales.Select(s => (float)s).ToArray();
        var weights = options.Weights.Select(w => (float)w).ToArray();
        var gains = new double[scales.Length, weights.Length + 1];
        var modelScores = new float[Math.Min(batchSize, examples.Count) * width];
        var sync = new object();
        for (var start = 0; start < examples.Count; start += batchSize)
        {
            ct.ThrowIfCancellationRequested();
            var count = Math.Min(batchSize, examples.Count - start);
            var histories = new ReadOnlyMemory<int>[count];
            for (var b = 0; b < count; b++)
            {
                histories[b] = split.GetInput(examples[start + b]).ToArray();
            }

            model.Score(histories, modelScores.AsSpan(0, count * width));
            Parallel.For(0, count, () => new Scratch(width, scales.Length, weights.Length), (b, _, scratch) =>
            {
                var example = examples[start + b];
                var target = split.GetTarget(example);
                var history = histories[b].Span;
                var row = modelScores.AsSpan(b * width, width);
                scratch.Stamp++;
                if (FullRankingEvaluator.RankTarget(row, target, history, excludeSeen: true, scratch.Seen, scratch.Stamp) is not { } alone)
                {
                    throw new InvalidOperationException($"The model gave NaN scores for validation user '{split.Log.Users.GetId(example.User)}'.");
                }

                var evidence = scratch.Evidence.AsSpan();
                evidence.Clear();
                transitions.AddEvidence(history, evidence);
                for (var s = 0; s < scales.Length; s++)
                {
                    scratch.Gains[s, 0] += RankGain.Ndcg(alone, 10);
                    var term = scratch.Term.AsSpan();
                    TensorPrimitives.Multiply(evidence, scales[s], term);
                    TensorPrimitives.Add(term, 1f, term);
                    TensorPrimitives.Log(term, term);
                    for (var w = 0; w < weights.Length; w++)
                    {
                        var blended = scratch.Blended.AsSpan();
                        TensorPrimitives.MultiplyAdd(term, weights[w], row, blended);
                        scratch.Stamp++;
                        var rank = FullRankingEvaluator.RankTarget(blended, target, history, excludeSeen: true, scratch.Seen, scratch.Stamp)!.Value;
                        scratch.Gains[s, w + 1] += RankGain.Ndcg(rank, 10);
                    }
                }

                return scratch;
            }, scratch =>
            {
                lock (sync)
                {
                    for (var s = 0; s < scales.Length; s++)
                    {
                        for (var w = 0; w <= weights.Length; w++)
                        {
                            gains[s, w] += scratch.Gains[s, w];
                        }
                    }
                }
            });
        }

        return gains;
    }

    /// <summary>One thread's buffers; stamps mark the seen items of the example being ranked without clearing a set.</summary>
    private sealed class Scratch(int width, int scales, int weights)
    {
        public readonly float[] Evidence = new float[width];
        public readonly float[] Term = new float[width];
        public readonly float[] Blended = new float[width];
        public readonly int[] Seen = new int[width];
        public readonly double[,] Gains = new double[scales, weights + 1];
        public int Stamp;
    }
}
