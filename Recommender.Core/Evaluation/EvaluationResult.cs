using Recommender.Splitting;

namespace Recommender.Evaluation;

/// <summary>
/// What <see cref="FullRankingEvaluator"/> measured: averaged metrics, the protocol they hold under, and the
/// rank of every example's target so that later code can segment users or bootstrap confidence intervals.
/// </summary>
public sealed class EvaluationResult
{
    internal EvaluationResult(string protocol, IReadOnlyList<SplitExample> examples, IReadOnlyList<int> ranks, IReadOnlyList<int> ks, IReadOnlyDictionary<string, double> metrics,
        IReadOnlyList<int[]> topItems, SampledMetrics? sampled)
    {
        TopItems = topItems;
        Sampled = sampled;
        Protocol = protocol;
        Examples = examples;
        Ranks = ranks;
        Ks = ks;
        Metrics = metrics;
    }

    /// <summary>The evaluation protocol in words (ranking, filtering, ties, split), to print beside every number.</summary>
    public string Protocol { get; }

    /// <summary>The number of examples evaluated.</summary>
    public int ExampleCount => Ranks.Count;

    /// <summary>The examples evaluated, in the order of <see cref="Ranks"/>.</summary>
    public IReadOnlyList<SplitExample> Examples { get; }

    /// <summary>The rank (1 is best) of each example's target, in the order of <see cref="Examples"/>.</summary>
    public IReadOnlyList<int> Ranks { get; }

    /// <summary>The cut-offs the metrics were computed at, ascending and distinct.</summary>
    public IReadOnlyList<int> Ks { get; }

    /// <summary>
    /// Metrics keyed by <see cref="MetricNames"/>: averaged over the examples, "HR@K", "Recall@K" and "NDCG@K" for
    /// each K, "MRR" and "MeanRank"; over the top-K lists, "Coverage@K" and "ARP@K", and "TargetPopularity" (these three with
    /// <see cref="EvaluationOptions.ListMetrics"/>).
    /// </summary>
    public IReadOnlyDictionary<string, double> Metrics { get; }

    /// <summary>
    /// Each example's best items (item indices, best first, as many as the largest K), seen items excluded as in the
    /// ranking; empty without <see cref="EvaluationOptions.ListMetrics"/>.
    /// </summary>
    public IReadOnlyList<int[]> TopItems { get; }

    /// <summary>The sampled-negative metrics, when <see cref="EvaluationOptions.SampledNegatives"/> asked for them; else null.</summary>
    public SampledMetrics? Sampled { get; }

    /// <summary>The value of metric <paramref name="metric"/>, e.g. "NDCG@10".</summary>
    /// <exception cref="KeyNotFoundException">The metric was not computed; the message lists those that were.</exception>
    public double Get(string metric) => Metrics.TryGetValue(metric, out var value)
        ? value
        : throw new KeyNotFoundException($"No metric '{metric}'; computed: {string.Join(", ", Metrics.Keys)}.");
}
