using Recommender.Splitting;

namespace Recommender.Evaluation;

/// <summary>
/// The most-popular baseline: every history gets the same scores, each item's number of training
/// interactions (repeats by the same user count again). Fitted on the split's training prefixes only,
/// so an item seen only as a validation or test target scores 0.
/// </summary>
public sealed class PopularityScorer : IRecommenderScorer
{
    // Element 0 is padding, so a row copies in one block.
    private readonly float[] _scores;

    private PopularityScorer(float[] scores) => _scores = scores;

    /// <inheritdoc/>
    public int ItemCount => _scores.Length - 1;

    /// <summary>Counts the training interactions of every item in <paramref name="split"/>.</summary>
    public static PopularityScorer Fit(DataSplit split)
    {
        ArgumentNullException.ThrowIfNull(split);
        return new PopularityScorer([.. CountTrainingInteractions(split).Select(c => (float)c)]);
    }

    /// <summary>The training interactions of every item index of <paramref name="split"/> (element 0 is padding).</summary>
    internal static int[] CountTrainingInteractions(DataSplit split)
    {
        var counts = new int[split.Log.ItemCount + 1];
        for (var user = 1; user <= split.Log.UserCount; user++)
        {
            foreach (var item in split.GetTrainItems(user))
            {
                counts[item]++;
            }
        }

        return counts;
    }

    /// <summary>The training interaction count of <paramref name="item"/>.</summary>
    internal float GetCount(int item) => _scores[item];

    /// <inheritdoc/>
    public void Score(IReadOnlyList<ReadOnlyMemory<int>> histories, Span<float> scores)
    {
        ScoreBuffer.CheckLength(histories, ItemCount, scores);
        for (var b = 0; b < histories.Count; b++)
        {
            _scores.CopyTo(scores.Slice(b * _scores.Length, _scores.Length));
        }
    }
}
