namespace Recommender.Samples.Reranking;

/// <summary>One candidate for one user, as the saved pipeline was trained on: the recommender stage reads History and CandidateItem, the ranker the other features.</summary>
public sealed class RerankRow
{
    /// <summary>The user (the ranker's group).</summary>
    public string User { get; set; } = string.Empty;

    /// <summary>Item ids the user interacted with, oldest first.</summary>
    public string[] History { get; set; } = [];

    /// <summary>The item to score.</summary>
    public string CandidateItem { get; set; } = string.Empty;

    /// <summary>Unused when scoring; part of the training schema.</summary>
    public float Label { get; set; }

    /// <summary>A feature of the item: its interactions.</summary>
    public float Popularity { get; set; }

    /// <summary>A feature of the user: how many items the history holds.</summary>
    public float HistoryLength { get; set; }
}
