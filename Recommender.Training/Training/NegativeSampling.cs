namespace Recommender.Training.Training;

/// <summary>How negatives are drawn for the sampled losses.</summary>
public enum NegativeSampling
{
    /// <summary>Every item equally likely.</summary>
    Uniform,

    /// <summary>In proportion to training popularity (harder negatives; logQ-corrected in sampled softmax).</summary>
    Popularity,
}
