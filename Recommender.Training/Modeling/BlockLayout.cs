namespace Recommender.Training.Modeling;

/// <summary>Where the LayerNorms of a self-attention block over the history sit.</summary>
public enum BlockLayout
{
    /// <summary>
    /// Pre-LN: <c>x + attention(norm(x))</c>, then <c>x + feedForward(norm(x))</c>; the residual stream is never
    /// normalised, which keeps deep stacks stable.
    /// </summary>
    PreNorm,

    /// <summary>
    /// The layout of the original SASRec: queries from <c>norm₁(x)</c>, keys and values from <c>x</c> itself,
    /// <c>h = norm₁(x) + attention</c>, then <c>norm₂(h) + feedForward(norm₂(h))</c>; the residual stream is
    /// normalised in every block. Dropout, as there, is on the attention weights and the feed-forward branch, not
    /// on the attention branch's output.
    /// </summary>
    SASRec,
}
