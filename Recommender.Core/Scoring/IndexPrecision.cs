namespace Recommender.Scoring;

/// <summary>
/// How the approximate top-K index stores its copy of the item vectors. The graph only proposes candidates, whose
/// exact scores then order them, so a coarser copy changes which items are proposed, never a score.
/// </summary>
public enum IndexPrecision
{
    /// <summary>Four-byte floats: the vectors as the model has them.</summary>
    Full,

    /// <summary>Two-byte floats: half the memory of the full copy.</summary>
    Half,

    /// <summary>One signed byte a number (each vector scaled to length 127 and rounded): a quarter of the memory of the full copy.</summary>
    Quantized,
}
