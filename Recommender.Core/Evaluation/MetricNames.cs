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

    /// <summary>"Recall@K": the share of a user's next items found in their top K; with one target per example it equals HR@K.</summary>
    public static string Recall(int k) => string.Create(CultureInfo.InvariantCulture, $"Recall@{k}");

    /// <summary>"Coverage@K": the share of the catalog that appears in at least one example's top K (seen items excluded).</summary>
    public static string Coverage(int k) => string.Create(CultureInfo.InvariantCulture, $"Coverage@{k}");

    /// <summary>
    /// "ARP@K", average recommendation popularity: the mean number of training interactions of the items in the top
    /// K lists; compare it with <see cref="TargetPopularity"/> to see a bias towards popular items.
    /// </summary>
    public static string Popularity(int k) => string.Create(CultureInfo.InvariantCulture, $"ARP@{k}");

    /// <summary>The mean number of training interactions of the targets: what users actually went on to consume.</summary>
    public const string TargetPopularity = "TargetPopularity";
}
