namespace Recommender.Evaluation;

/// <summary>How <see cref="FullRankingEvaluator"/> ranks and what it reports.</summary>
public sealed record EvaluationOptions
{
    /// <summary>The cut-offs of HR@K and NDCG@K. Default 1, 5, 10, 20.</summary>
    public IReadOnlyList<int> Ks { get; init; } = [1, 5, 10, 20];

    /// <summary>
    /// Whether items in the example's input history are left out of the ranking (default <see langword="true"/>).
    /// The target itself always stays rankable, even when the user consumed it before.
    /// </summary>
    public bool ExcludeSeen { get; init; } = true;

    /// <summary>How many examples are scored per call to <see cref="IRecommenderScorer.Score"/>. Default 256.</summary>
    public int BatchSize { get; init; } = 256;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Ks, nameof(Ks));
        if (Ks.Count == 0 || Ks.Any(k => k < 1))
        {
            throw new ArgumentException($"Expected at least one cut-off K, each at least 1; got [{string.Join(", ", Ks)}].", nameof(Ks));
        }

        if (BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "The batch size must be at least 1.");
        }
    }
}
