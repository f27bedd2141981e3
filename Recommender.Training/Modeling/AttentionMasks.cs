using static TorchSharp.torch;

namespace Recommender.Training.Modeling;

/// <summary>Builds the boolean attention masks the blocks take: true where a query may attend to a key.</summary>
internal static class AttentionMasks
{
    /// <summary>
    /// The mask <c>[batch, 1, length, length]</c> for sequences whose valid positions are <paramref name="valid"/> <c>[batch, length]</c>:
    /// a query attends to valid keys (only earlier ones when <paramref name="causal"/>). Every position may also attend to
    /// itself, so a padding row is never fully masked (which would make softmax NaN); padding rows are never read.
    /// </summary>
    public static Tensor Build(Tensor valid, bool causal)
    {
        using var scope = NewDisposeScope();
        var length = valid.shape[1];
        var keys = valid.unsqueeze(1).unsqueeze(1);
        var self = eye(length, dtype: ScalarType.Bool, device: valid.device);
        var allowed = causal ? keys.logical_and(ones(length, length, dtype: ScalarType.Bool, device: valid.device).tril()) : keys;
        return allowed.logical_or(self).MoveToOuterDisposeScope();
    }
}
