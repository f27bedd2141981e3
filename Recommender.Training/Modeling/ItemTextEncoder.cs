using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Recommender.Training.Modeling;

/// <summary>
/// Reads an item's text: token embeddings with positions, bidirectional self-attention over the tokens,
/// mean pooling over the real (non-padding) tokens, and a projection to the model width.
/// Tokens <c>[items, tokens]</c> (0 = padding) in, vectors <c>[items, dim]</c> out; an item without text gets a zero vector.
/// </summary>
internal sealed class ItemTextEncoder : nn.Module<Tensor, Tensor>
{
    private readonly Embedding tokens;
    private readonly Embedding positions;
    private readonly ModuleList<TransformerBlock> blocks;
    private readonly LayerNorm norm;
    private readonly Linear projection;
    private readonly FastDropout dropout;

    public ItemTextEncoder(string name, int vocabularySize, int maxTokens, int dim, int layers, int heads, double dropoutRate)
        : base(name)
    {
        tokens = nn.Embedding(vocabularySize, dim, padding_idx: 0);
        positions = nn.Embedding(maxTokens, dim);
        blocks = nn.ModuleList([.. Enumerable.Range(0, layers).Select(i => new TransformerBlock($"block{i}", dim, heads, dim, dropoutRate))]);
        norm = nn.LayerNorm(dim, eps: TransformerBlock.LayerNormEpsilon);
        projection = nn.Linear(dim, dim);
        dropout = new FastDropout("dropout", dropoutRate);
        RegisterComponents();
    }

    public override Tensor forward(Tensor tokenIds)
    {
        using var scope = NewDisposeScope();
        var valid = tokenIds.ne(0);
        var x = dropout.forward(tokens.forward(tokenIds) + positions.forward(arange(tokenIds.shape[1], device: tokenIds.device)));
        var mask = AttentionMasks.Build(valid, causal: false);
        foreach (var block in blocks)
        {
            x = block.forward(x, mask);
        }

        var weights = valid.unsqueeze(-1).to_type(x.dtype);
        var pooled = (norm.forward(x) * weights).sum(1) / weights.sum(1).clamp_min(1);
        var hasText = valid.any(1, keepdim: true).to_type(x.dtype);
        return (projection.forward(pooled) * hasText).MoveToOuterDisposeScope();
    }
}
