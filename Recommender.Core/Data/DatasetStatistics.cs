using Recommender.Splitting;

namespace Recommender.Data;

/// <summary>Summary numbers of a dataset, as <c>recommender data stats</c> prints them.</summary>
public sealed record DatasetStatistics
{
    /// <summary>The percentiles of sequence length reported, in percent.</summary>
    public static readonly IReadOnlyList<int> Percentiles = [5, 25, 50, 75, 95, 99];

    /// <summary>Users with at least one interaction.</summary>
    public required int Users { get; init; }

    /// <summary>Distinct items with at least one interaction.</summary>
    public required int Items { get; init; }

    /// <summary>Interactions after duplicate handling.</summary>
    public required long Interactions { get; init; }

    /// <summary>Interactions / (users × items).</summary>
    public required double Density { get; init; }

    /// <summary>The shortest sequence.</summary>
    public required int MinSequenceLength { get; init; }

    /// <summary>The longest sequence.</summary>
    public required int MaxSequenceLength { get; init; }

    /// <summary>The mean sequence length.</summary>
    public required double MeanSequenceLength { get; init; }

    /// <summary>Sequence length at each of <see cref="Percentiles"/> (nearest rank).</summary>
    public required IReadOnlyList<int> SequenceLengthPercentiles { get; init; }

    /// <summary>Interactions per item at each of <see cref="Percentiles"/> (nearest rank, over items with at least one).</summary>
    public required IReadOnlyList<int> ItemInteractionPercentiles { get; init; }

    /// <summary>
    /// Share of all interactions that fall on the most popular 1 % of items (at least one item): how concentrated
    /// attention is, which decides how strong a popularity baseline can be.
    /// </summary>
    public required double TopPercentItemsShare { get; init; }

    /// <summary>Users with fewer interactions than leave-one-out needs for a test target; they train only.</summary>
    public required int UsersTooShortForLeaveOneOut { get; init; }

    /// <summary>Whether interactions carry timestamps.</summary>
    public required bool HasTimestamps { get; init; }

    /// <summary>The earliest and latest timestamp, when there are timestamps.</summary>
    public (long First, long Last)? TimeRange { get; init; }

    /// <summary>Items in the catalog (0 without one).</summary>
    public int CatalogItems { get; init; }

    /// <summary>Interacted items whose catalog entry has a non-empty title.</summary>
    public int ItemsWithTitle { get; init; }

    /// <summary>Computes the statistics of a loaded dataset.</summary>
    public static DatasetStatistics Compute(Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var log = dataset.Interactions;
        var lengths = new int[log.UserCount];
        (long First, long Last)? range = null;
        for (var user = 1; user <= log.UserCount; user++)
        {
            lengths[user - 1] = log.GetSequenceLength(user);
            if (log.HasTimestamps)
            {
                var times = log.GetTimestamps(user);
                range = range is { } r ? (Math.Min(r.First, times[0]), Math.Max(r.Last, times[^1])) : (times[0], times[^1]);
            }
        }

        Array.Sort(lengths);
        var perItem = log.CountItemInteractions()[1..];
        Array.Sort(perItem);
        var top = Math.Max(1, perItem.Length / 100);
        var topInteractions = 0L;
        for (var k = perItem.Length - top; k < perItem.Length; k++)
        {
            topInteractions += perItem[k];
        }

        var withTitle = 0;
        if (dataset.Items is { } catalog)
        {
            for (var item = 1; item <= log.ItemCount; item++)
            {
                withTitle += catalog.TryGetItem(log.Items.GetId(item), out var entry) && entry.Title.Length > 0 ? 1 : 0;
            }
        }

        return new DatasetStatistics
        {
            Users = log.UserCount,
            Items = log.ItemCount,
            Interactions = log.InteractionCount,
            Density = (double)log.InteractionCount / ((double)log.UserCount * log.ItemCount),
            MinSequenceLength = lengths[0],
            MaxSequenceLength = lengths[^1],
            MeanSequenceLength = lengths.Average(),
            SequenceLengthPercentiles = [.. Percentiles.Select(p => NearestRank(lengths, p))],
            ItemInteractionPercentiles = [.. Percentiles.Select(p => NearestRank(perItem, p))],
            TopPercentItemsShare = log.InteractionCount == 0 ? 0 : (double)topInteractions / log.InteractionCount,
            UsersTooShortForLeaveOneOut = lengths.Count(n => n < LeaveOneOutSplitter.DefaultMinSequenceLength),
            HasTimestamps = log.HasTimestamps,
            TimeRange = range,
            CatalogItems = dataset.Items?.Count ?? 0,
            ItemsWithTitle = withTitle,
        };
    }

    private static int NearestRank(int[] sorted, int percent) =>
        sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
