namespace Recommender.Server.Contracts;

/// <summary>Recommendations for many users in one request.</summary>
public sealed class RecommendBatchRequest
{
    /// <summary>One request per user, up to the server's maximum. Required.</summary>
    public RecommendRequest[]? Users { get; init; }
}
