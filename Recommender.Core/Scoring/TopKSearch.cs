namespace Recommender.Scoring;

/// <summary>How <see cref="RecommenderSession"/> finds a user's best items in the catalog.</summary>
public enum TopKSearch
{
    /// <summary>
    /// Exact below <see cref="ApproximateTopKOptions.MinItems"/> items, approximate from there on, where scoring every
    /// item becomes most of a request's cost.
    /// </summary>
    Auto,

    /// <summary>Every item scored: the true top K, at a cost that grows with the catalog.</summary>
    Exact,

    /// <summary>
    /// An HNSW graph over the item vectors proposes candidates, which are then scored exactly: a small fraction of
    /// the cost on large catalogs, and almost always the same top K (recall is measured in benchmarks/RESULTS.md).
    /// </summary>
    Approximate,
}
