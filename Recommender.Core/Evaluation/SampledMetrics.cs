namespace Recommender.Evaluation;

/// <summary>Metrics of each target ranked among a sample of items rather than the whole catalog: always shown labelled as such.</summary>
/// <param name="Protocol">How the negatives were drawn, starting with "SAMPLED".</param>
/// <param name="Ranks">The target's rank among its sampled negatives, per example.</param>
/// <param name="Metrics">"HR@K", "NDCG@K", "MRR" and "MeanRank" over those ranks.</param>
public sealed record SampledMetrics(string Protocol, IReadOnlyList<int> Ranks, IReadOnlyDictionary<string, double> Metrics);
