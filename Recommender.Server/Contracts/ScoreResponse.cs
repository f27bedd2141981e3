namespace Recommender.Server.Contracts;

/// <summary>Scores for one user.</summary>
/// <param name="ModelVersion">The model that answered (also in the <c>X-Model-Version</c> header).</param>
/// <param name="Scores">One per candidate, in the request's order, higher is better; null for a candidate the model does not know.</param>
/// <param name="UnknownItems">History ids the model does not know, skipped.</param>
public sealed record ScoreResponse(string ModelVersion, IReadOnlyList<float?> Scores, int UnknownItems);
