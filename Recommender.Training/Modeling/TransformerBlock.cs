using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Recommender.Training.Modeling;

/// <summary>A transformer block: self-attention then a position-wise feed-forward layer, LayerNorms placed as <see cref="BlockLayout"/> says.</summary>
internal sealed class TransformerBlock : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly LayerNorm attentionNorm;
    private readonly MultiHeadSelfAttention attention;
    private readonly LayerNorm feedForwardNorm;
    private readonly FeedForward feedForward;
    private readonly FastDropout dropout;
    private readonly BlockLayout _layout;

    public TransformerBlock(string name, int dim, int heads, int feedForwardDim, double dropoutRate, double attentionDropout = 0, BlockLayout layout = BlockLayout.PreNorm)
        : base(name)
    {
        _layout = layout;
        attentionNorm = nn.LayerNorm(dim, eps: LayerNormEpsilon);
        attention = new MultiHeadSelfAttention("attention", dim, heads, attentionDropout);
        feedForwardNorm = nn.LayerNorm(dim, eps: LayerNormEpsilon);
        feedForward = new FeedForward("feed_forward", dim, feedForwardDim, dropoutRate);
        dropout = new FastDropout("dropout", dropoutRate);
        RegisterComponents();
    }

    /// <summary>The epsilon of every LayerNorm in the model; the exporter must use the same.</summary>
    public const double LayerNormEpsilon = 1e-6;

    public override Tensor forward(Tensor x, Tensor mask)
    {
        using var scope = NewDisposeScope();
        var normed = attentionNorm.forward(x);
        if (_layout == BlockLayout.PreNorm)
        {
            var attended = x + dropout.forward(attention.forward(normed, mask));
            return (attended + dropout.forward(feedForward.forward(feedForwardNorm.forward(attended)))).MoveToOuterDisposeScope();
        }

        // As in the published SASRec code, the attention branch joins the stream without dropout of its own.
        var mixed = feedForwardNorm.forward(normed + attention.Attend(normed, x, mask));
        return (mixed + dropout.forward(feedForward.forward(mixed))).MoveToOuterDisposeScope();
    }

    /// <summary>This block's attention weights for input <paramref name="x"/>.</summary>
    public Tensor AttentionWeights(Tensor x, Tensor mask)
    {
        using var normed = attentionNorm.forward(x);
        return attention.Weights(normed, _layout == BlockLayout.PreNorm ? normed : x, mask);
    }
}
