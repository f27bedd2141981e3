using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Recommender.Training.Modeling;

/// <summary>
/// Multi-head self-attention with separate query, key, value and output projections, so every weight has a
/// stable name an exporter can read. The mask is boolean <c>[batch, 1, length, length]</c>: true where a query may attend.
/// Dropout on the attention weights is optional (off by default): on the CPU it costs more than the rest of the block
/// (benchmarks/RESULTS.md), and the block's residual dropout regularises it too.
/// </summary>
internal sealed class MultiHeadSelfAttention : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Linear query;
    private readonly Linear key;
    private readonly Linear value;
    private readonly Linear output;
    private readonly int _heads;
    private readonly double _dropout;

    public MultiHeadSelfAttention(string name, int dim, int heads, double dropout)
        : base(name)
    {
        _dropout = dropout;
        query = LinearLayers.AttentionInput(dim);
        key = LinearLayers.AttentionInput(dim);
        value = LinearLayers.AttentionInput(dim);
        output = LinearLayers.ResidualBranch(dim, dim);
        _heads = heads;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x, Tensor mask) => Attend(x, x, mask);

    /// <summary>Attention with queries from <paramref name="queries"/> and keys and values from <paramref name="keysAndValues"/> (same length).</summary>
    public Tensor Attend(Tensor queries, Tensor keysAndValues, Tensor mask)
    {
        using var scope = NewDisposeScope();
        var q = SplitHeads(query.forward(queries));
        var k = SplitHeads(key.forward(keysAndValues));
        var v = SplitHeads(value.forward(keysAndValues));
        var attended = nn.functional.scaled_dot_product_attention(q, k, v, mask, training ? _dropout : 0);
        return output.forward(MergeHeads(attended)).MoveToOuterDisposeScope();
    }

    /// <summary>The attention weights <c>[batch, heads, length, length]</c> (no dropout), for explaining a prediction.</summary>
    public Tensor Weights(Tensor queries, Tensor keys, Tensor mask)
    {
        using var scope = NewDisposeScope();
        var q = SplitHeads(query.forward(queries));
        var k = SplitHeads(key.forward(keys));
        var logits = matmul(q, k.transpose(-2, -1)) / Math.Sqrt(q.shape[^1]);
        return logits.masked_fill(mask.logical_not(), float.NegativeInfinity).softmax(-1).MoveToOuterDisposeScope();
    }

    private Tensor SplitHeads(Tensor x) => x.view(x.shape[0], x.shape[1], _heads, -1).transpose(1, 2);

    private static Tensor MergeHeads(Tensor x) => x.transpose(1, 2).contiguous().flatten(2);
}
