using Recommender.Splitting;
using Recommender.Training.Modeling;

namespace Recommender.Benchmarks;

/// <summary>
/// The useful floating-point work of one next-item training epoch with full cross-entropy, counted analytically
/// over real (non-padding) positions only, so padding earns no credit. A matmul of m×k by k×n is 2mkn FLOPs;
/// backward costs twice forward.
/// </summary>
internal static class TrainingFlops
{
    public static double PerEpoch(DataSplit split, SequenceModelOptions model)
    {
        double d = model.Dim, f = model.EffectiveFeedForwardDim, items = split.Log.ItemCount, total = 0;
        for (var user = 1; user <= split.Log.UserCount; user++)
        {
            var window = Math.Min(split.GetTrainLength(user) - 1, model.MaxLength);
            if (window < 1)
            {
                continue;
            }

            // Per layer and position: Q, K, V, O projections (4 × 2d²), feed-forward (2 × 2df), and attention scores
            // and weighted values over the window (2 × 2wd); ×3 for forward and backward.
            var perLayer = window * (8 * d * d + 4 * d * f + 4 * window * d);
            // Logits (2dN) forward; gradients of hidden states and of the item table (2 × 2dN) backward.
            var crossEntropy = window * 6 * d * items;
            total += 3 * model.Layers * perLayer + crossEntropy;
        }

        return total;
    }
}
