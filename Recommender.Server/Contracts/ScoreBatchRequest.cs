namespace Recommender.Server.Contracts;

/// <summary>Scores for many users in one request.</summary>
public sealed class ScoreBatchRequest
{
    /// <summary>One request per user, up to the server's maximum. Required.</summary>
    public ScoreRequest[]? Users { get; init; }
}
