namespace Recommender.Server.Contracts;

/// <summary>Scores for many users, in the order of the request.</summary>
/// <param name="ModelVersion">The model that answered every user.</param>
/// <param name="Results">One result per user of the request.</param>
public sealed record ScoreBatchResponse(string ModelVersion, IReadOnlyList<ScoreResult> Results);
