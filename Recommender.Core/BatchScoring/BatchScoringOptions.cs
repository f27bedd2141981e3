namespace Recommender.BatchScoring;

/// <summary>Options of <see cref="BatchScorer"/>.</summary>
public sealed record BatchScoringOptions
{
    /// <summary>Recommendations per user. Default 10.</summary>
    public int TopK { get; init; } = 10;

    /// <summary>Whether items of a user's history are left out of their recommendations. Default true.</summary>
    public bool ExcludeSeen { get; init; } = true;

    /// <summary>Which part of the users to score. Default: all.</summary>
    public Shard Shard { get; init; } = Shard.All;

    /// <summary>
    /// Users read, scored and written as one Parquet row group at a time: memory is bounded by one batch, whatever
    /// the input's size. Default 1,024.
    /// </summary>
    public int BatchSize { get; init; } = 1024;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(TopK, 1, nameof(TopK));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
    }
}
