using System.Globalization;

namespace Recommender.Evaluation;

/// <summary>Checks shared by scorers on the arguments of <see cref="IRecommenderScorer.Score"/>.</summary>
internal static class ScoreBuffer
{
    public static void CheckLength(IReadOnlyList<ReadOnlyMemory<int>> histories, int itemCount, Span<float> scores)
    {
        ArgumentNullException.ThrowIfNull(histories);
        var needed = (long)histories.Count * (itemCount + 1);
        if (scores.Length != needed)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The score buffer has {scores.Length} elements; {histories.Count} histories × ({itemCount} items + padding) need {needed}."), nameof(scores));
        }
    }

    public static void CheckItem(int item, int itemCount)
    {
        if (item < 1 || item > itemCount)
        {
            throw new ArgumentOutOfRangeException(nameof(item), item, string.Create(CultureInfo.InvariantCulture,
                $"A history contains item index {item}; expected 1 to {itemCount} (0 is padding and never a history item)."));
        }
    }
}
