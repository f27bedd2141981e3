using System.Globalization;

namespace Recommender.Evaluation;

/// <summary>The keys of <see cref="EvaluationResult.Metrics"/>.</summary>
public static class MetricNames
{
    /// <summary>Mean reciprocal rank, over the full ranking (not truncated at any K).</summary>
    public const string Mrr = "MRR";

    /// <summary>The mean rank of the target (1 is best).</summary>
    public const string MeanRank = "MeanRank";

    /// <summary>"HR@K": the share of examples whose target ranks in the top K. With one target per example this equals Recall@K.</summary>
    public static string HitRate(int k) => string.Create(CultureInfo.InvariantCulture, $"HR@{k}");

    /// <summary>"NDCG@K": the mean of 1/log2(rank + 1) over examples whose target ranks in the top K (0 for the others).</summary>
    public static string Ndcg(int k) => string.Create(CultureInfo.InvariantCulture, $"NDCG@{k}");
}
