namespace Recommender.Server.Contracts;

/// <summary>A request to score given items for one user.</summary>
public sealed class ScoreRequest
{
    /// <summary>Item ids the user interacted with, oldest first. Required.</summary>
    public string[]? History { get; init; }

    /// <summary>The items to score, at least one, up to the server's maximum. Required.</summary>
    public string[]? Candidates { get; init; }
}
