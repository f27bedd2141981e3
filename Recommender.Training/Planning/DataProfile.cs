using Recommender.Data;
using Recommender.Splitting;

namespace Recommender.Training.Planning;

/// <summary>
/// What <see cref="TrainingConfigurator"/> reads of a dataset: the size and shape of its training data, measured on the
/// split's training prefixes only (validation and test targets are never looked at).
/// </summary>
/// <param name="Users">Users with at least one training interaction.</param>
/// <param name="Items">Items in the log's catalog of ids.</param>
/// <param name="TrainInteractions">Training interactions over all users.</param>
/// <param name="LengthPercentiles">Training sequence length at the 50th, 90th and 99th percentile (nearest rank), over users with training data.</param>
/// <param name="MeanLength">Mean training sequence length over users with training data.</param>
/// <param name="ItemsWithText">Items whose catalog entry has any non-blank text field (title, genres, description, ...).</param>
public sealed record DataProfile(int Users, int Items, long TrainInteractions, (int P50, int P90, int P99) LengthPercentiles, double MeanLength, int ItemsWithText)
{
    /// <summary>Mean training interactions per item: how much evidence an item's own vector gets.</summary>
    public double InteractionsPerItem => Items == 0 ? 0 : (double)TrainInteractions / Items;

    /// <summary>Share of the catalog's items that have text.</summary>
    public double TextShare => Items == 0 ? 0 : (double)ItemsWithText / Items;

    /// <summary>Share of training interactions lying before each user's latest <paramref name="window"/> items.</summary>
    public double ShareBeyondWindow(int window) => TrainInteractions == 0 ? 0 : (double)BeyondWindow(window) / TrainInteractions;

    /// <summary>Training interactions before each user's latest items, for a window of any length a rule may ask about.</summary>
    internal Func<int, long> BeyondWindow { get; init; } = _ => 0;

    /// <summary>
    /// Mean next-item targets in one training sequence when histories are read <paramref name="window"/> items at a time:
    /// each user's latest window only, or (<paramref name="everyWindow"/>) every window, oldest cut shorter.
    /// </summary>
    public double MeanTargetsPerSequence(int window, bool everyWindow) => TargetsPerSequence(window, everyWindow);

    internal Func<int, bool, double> TargetsPerSequence { get; init; } = (_, _) => 0;

    /// <summary>Measures <paramref name="split"/>'s training prefixes and, when given, the item text of <paramref name="catalog"/>.</summary>
    public static DataProfile Of(DataSplit split, ItemCatalog? catalog)
    {
        ArgumentNullException.ThrowIfNull(split);
        var log = split.Log;
        var lengths = new int[log.UserCount];
        for (var user = 1; user <= log.UserCount; user++)
        {
            lengths[user - 1] = split.GetTrainLength(user);
        }

        var withText = 0;
        if (catalog is not null)
        {
            for (var item = 1; item <= log.ItemCount; item++)
            {
                withText += catalog.TryGetItem(log.Items.GetId(item), out var entry) && HasText(entry) ? 1 : 0;
            }
        }

        return FromLengths(log.ItemCount, lengths, withText);
    }

    /// <summary>A profile from training sequence lengths alone (any order); for rules' tests and planning by hand.</summary>
    public static DataProfile FromLengths(int items, IReadOnlyList<int> lengths, int itemsWithText = 0)
    {
        ArgumentNullException.ThrowIfNull(lengths);
        var sorted = lengths.Where(n => n > 0).Order().ToArray();
        long total = 0;
        foreach (var n in sorted)
        {
            total += n;
        }

        return new DataProfile(sorted.Length, items, total,
            (Percentile(sorted, 50), Percentile(sorted, 90), Percentile(sorted, 99)),
            sorted.Length == 0 ? 0 : (double)total / sorted.Length, itemsWithText)
        {
            BeyondWindow = window => sorted.Sum(n => (long)Math.Max(0, n - window)),
            TargetsPerSequence = (window, everyWindow) => MeanTargets(sorted, window, everyWindow),
        };
    }

    // A history of n items holds n - 1 next-item targets: in one window of at most `window` targets, or in as many
    // windows as it takes to cover them all (the trainer's windows step back from the latest item).
    private static double MeanTargets(int[] lengths, int window, bool everyWindow)
    {
        long targets = 0, sequences = 0;
        foreach (var n in lengths.Where(n => n >= 2))
        {
            targets += everyWindow ? n - 1 : Math.Min(n - 1, window);
            sequences += everyWindow ? (n - 1 + window - 1) / window : 1;
        }

        return sequences == 0 ? 0 : (double)targets / sequences;
    }

    private static bool HasText(CatalogItem item) => item.Fields.Values.Any(text => !string.IsNullOrWhiteSpace(text));

    private static int Percentile(int[] sorted, int percent) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
