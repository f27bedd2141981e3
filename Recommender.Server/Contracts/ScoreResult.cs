namespace Recommender.Server.Contracts;

/// <summary>Scores for one user of a batch.</summary>
/// <param name="Scores">One per candidate, in the request's order; null for a candidate the model does not know.</param>
/// <param name="UnknownItems">History ids the model does not know, skipped.</param>
public sealed record ScoreResult(IReadOnlyList<float?> Scores, int UnknownItems);
