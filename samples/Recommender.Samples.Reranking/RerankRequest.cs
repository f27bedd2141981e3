namespace Recommender.Samples.Reranking;

/// <summary>A user's history and the candidates to re-rank, each with its features.</summary>
public sealed class RerankRequest
{
    /// <summary>The user, for logs and the ranker's group.</summary>
    public string? User { get; init; }

    /// <summary>Item ids the user interacted with, oldest first. Required.</summary>
    public string[]? History { get; init; }

    /// <summary>The candidates, at least one. Required.</summary>
    public RerankCandidate[]? Candidates { get; init; }
}

/// <summary>One candidate and its features.</summary>
/// <param name="ItemId">The item.</param>
/// <param name="Popularity">Its interactions (a feature the ranker was trained with).</param>
public sealed record RerankCandidate(string? ItemId, float Popularity);

/// <summary>One re-ranked item.</summary>
/// <param name="ItemId">The item.</param>
/// <param name="Score">The re-ranker's score.</param>
/// <param name="RecommenderScore">The recommender's score for it.</param>
public sealed record RerankedItem(string ItemId, float Score, float RecommenderScore);
