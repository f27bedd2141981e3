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

    /// <summary>
    /// Whether each example's best items are kept (<see cref="EvaluationResult.TopItems"/>) and Coverage@K, ARP@K and
    /// TargetPopularity reported. Default true; off where only the rank metrics are read, such as the validation of
    /// every training epoch, which then skips a top-K selection per example.
    /// </summary>
    public bool ListMetrics { get; init; } = true;

    /// <summary>
    /// When above 0, each target is also ranked among this many random items it is not in the history with (drawn
    /// without replacement, the same for every model given the same <see cref="Seed"/>), giving the "sampled" metrics
    /// some papers report. Off by default: sampled metrics overstate quality and reorder models.
    /// </summary>
    public int SampledNegatives { get; init; }

    /// <summary>Seed of the sampled negatives. Default 7.</summary>
    public int Seed { get; init; } = 7;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Ks, nameof(Ks));
        if (Ks.Count == 0 || Ks.Any(k => k < 1))
        {
            throw new ArgumentException($"Expected at least one cut-off K, each at least 1; got [{string.Join(", ", Ks)}].", nameof(Ks));
        }

        if (SampledNegatives < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(SampledNegatives), SampledNegatives, "The number of sampled negatives must be 0 (none) or more.");
        }

        if (BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "The batch size must be at least 1.");
        }
    }
}
