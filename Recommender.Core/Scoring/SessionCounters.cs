namespace Recommender.Scoring;

/// <summary>What a <see cref="RecommenderSession"/> has done with its input since it was created.</summary>
/// <param name="Histories">Histories scored or recommended for.</param>
/// <param name="UnknownItemsSkipped">History items the model does not know, skipped.</param>
/// <param name="HistoriesTruncated">Histories longer than the model reads; their latest items were kept.</param>
/// <param name="EmptyHistories">Histories with no known item, answered from popularity.</param>
/// <param name="UnknownCandidates">Candidates the model does not know, scored -infinity.</param>
public sealed record SessionCounters(long Histories, long UnknownItemsSkipped, long HistoriesTruncated, long EmptyHistories, long UnknownCandidates);
