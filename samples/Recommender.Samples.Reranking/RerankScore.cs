namespace Recommender.Samples.Reranking;

/// <summary>The pipeline's outputs read back: the ranker's score and the recommender stage's.</summary>
public sealed class RerankScore
{
    /// <summary>The re-ranker's score (higher is better).</summary>
    public float Score { get; set; }

    /// <summary>The recommender's score, one of the ranker's features.</summary>
    public float RecommenderScore { get; set; }
}
