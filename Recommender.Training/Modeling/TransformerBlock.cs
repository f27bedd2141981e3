using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Recommender.Training.Modeling;

/// <summary>A pre-LayerNorm transformer block: <c>x + attention(norm(x))</c>, then <c>x + feedForward(norm(x))</c>.</summary>
internal sealed class TransformerBlock : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly LayerNorm attentionNorm;
    private readonly MultiHeadSelfAttention attention;
    private readonly LayerNorm feedForwardNorm;
    private readonly FeedForward feedForward;
    private readonly FastDropout dropout;

    public TransformerBlock(string name, int dim, int heads, int feedForwardDim, double dropoutRate, double attentionDropout = 0)
        : base(name)
    {
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
        var attended = x + dropout.forward(attention.forward(attentionNorm.forward(x), mask));
        return (attended + dropout.forward(feedForward.forward(feedForwardNorm.forward(attended)))).MoveToOuterDisposeScope();
    }

    /// <summary>This block's attention weights for input <paramref name="x"/>.</summary>
    public Tensor AttentionWeights(Tensor x, Tensor mask)
    {
        using var normed = attentionNorm.forward(x);
        return attention.Weights(normed, mask);
    }
}
