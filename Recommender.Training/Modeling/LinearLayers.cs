using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Recommender.Training.Modeling;

/// <summary>
/// The linear layers of a transformer block, initialised as the published SASRec code initialises them rather than
/// with libtorch's Kaiming-uniform default (about 3.6× larger at width 64). Small output and feed-forward weights
/// start every block near the identity of its residual path, which MovieLens 1M measured as faster convergence
/// (benchmarks/RESULTS.md). Biases start at zero.
/// </summary>
internal static class LinearLayers
{
    private const double ResidualBranchStd = 0.02;

    /// <summary>A layer whose output joins a residual path (attention output, feed-forward): weights N(0, 0.02).</summary>
    public static Linear ResidualBranch(int inputs, int outputs)
    {
        var layer = nn.Linear(inputs, outputs);
        using (no_grad())
        {
            nn.init.normal_(layer.weight!, std: ResidualBranchStd);
            nn.init.zeros_(layer.bias!);
        }

        return layer;
    }

    /// <summary>
    /// A query, key or value projection: Glorot-uniform over the three as one <c>[3·dim, dim]</c> matrix, the way a
    /// packed attention input projection is initialised, so the first attention maps are neither flat nor saturated.
    /// </summary>
    public static Linear AttentionInput(int dim)
    {
        var layer = nn.Linear(dim, dim);
        var bound = Math.Sqrt(6.0 / (dim + 3 * dim));
        using (no_grad())
        {
            nn.init.uniform_(layer.weight!, -bound, bound);
            nn.init.zeros_(layer.bias!);
        }

        return layer;
    }
}
