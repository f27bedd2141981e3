namespace Recommender.BatchScoring;

/// <summary>What a shard did when it scored into a folder of parts (<see cref="RecommendationFolder"/>).</summary>
/// <param name="Scoring">What the scoring read, scored and wrote.</param>
/// <param name="PartPath">The part this shard wrote.</param>
/// <param name="PartsMissing">The shard numbers whose parts were not in the folder when this shard was done.</param>
/// <param name="RunComplete">Whether this shard wrote <see cref="RecommendationFolder.SuccessFileName"/>: all parts were there and none was being written.</param>
public sealed record FolderScoringReport(BatchScoringReport Scoring, string PartPath, IReadOnlyList<int> PartsMissing, bool RunComplete);
