using Recommender.Splitting;

namespace Recommender.Evaluation;

/// <summary>
/// Groups of examples that metrics are broken down by: the length of the history the model reads from, and how
/// popular the target was in training (head: the 10 % most-interacted items; torso: the next 40 %; tail: the rest;
/// cold: never in training).
/// </summary>
public static class ExampleSegments
{
    /// <summary>The dimension of history-length segments.</summary>
    public const string HistoryLength = "history length";

    /// <summary>The dimension of target-popularity segments.</summary>
    public const string TargetPopularity = "target popularity";

    private static readonly (string Name, int Max)[] LengthBuckets = [("1-5", 5), ("6-20", 20), ("21-50", 50), ("51-200", 200), ("201+", int.MaxValue)];

    /// <summary>Each segment's name and the indices of its examples, dimension by dimension, in a fixed order; empty segments left out.</summary>
    public static IReadOnlyList<(string Dimension, string Segment, int[] Examples)> Of(DataSplit split, IReadOnlyList<SplitExample> examples)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(examples);
        var segments = new List<(string, string, int[])>();
        var lengths = examples.Select(e => split.GetInput(e).Length).ToArray();
        var low = 0;
        foreach (var (name, max) in LengthBuckets)
        {
            segments.Add((HistoryLength, name, Indices(examples.Count, i => lengths[i] > low && lengths[i] <= max)));
            low = max;
        }

        var popularity = PopularityScorer.CountTrainingInteractions(split);
        var band = PopularityBands(popularity);
        var targets = examples.Select(e => band[split.GetTarget(e)]).ToArray();
        foreach (var name in new[] { "head", "torso", "tail", "cold" })
        {
            segments.Add((TargetPopularity, name, Indices(examples.Count, i => targets[i] == name)));
        }

        return [.. segments.Where(s => s.Item3.Length > 0)];
    }

    private static string[] PopularityBands(int[] popularity)
    {
        var bands = Enumerable.Repeat("cold", popularity.Length).ToArray();
        var seen = Enumerable.Range(1, popularity.Length - 1).Where(i => popularity[i] > 0).OrderByDescending(i => popularity[i]).ThenBy(i => i).ToArray();
        for (var position = 0; position < seen.Length; position++)
        {
            var share = (double)position / seen.Length;
            bands[seen[position]] = share < 0.1 ? "head" : share < 0.5 ? "torso" : "tail";
        }

        return bands;
    }

    private static int[] Indices(int count, Func<int, bool> member) => [.. Enumerable.Range(0, count).Where(member)];
}
