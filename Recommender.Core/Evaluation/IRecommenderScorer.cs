namespace Recommender.Evaluation;

/// <summary>
/// Scores every item of a catalog for a batch of user histories: what
/// <see cref="FullRankingEvaluator"/> ranks, and what a baseline or a trained model provides.
/// </summary>
/// <remarks>
/// Items are the indices 1..<see cref="ItemCount"/> of the log's item map; index 0 is padding.
/// Higher scores mean more likely next. The evaluator calls <see cref="Score"/> from one thread at a time.
/// </remarks>
public interface IRecommenderScorer
{
    /// <summary>The number of items the scorer knows: it scores the item indices 1..ItemCount.</summary>
    int ItemCount { get; }

    /// <summary>Scores all items for each history.</summary>
    /// <param name="histories">
    /// Item-index sequences, oldest first (the input of a split example). The memory belongs to the caller
    /// and is only valid during the call; an implementation that keeps a history must copy it.
    /// </param>
    /// <param name="scores">
    /// Row-major <c>[histories.Count, ItemCount + 1]</c>: row b, column i receives the score of item i for
    /// history b. Column 0 (padding) is ignored. Every other cell must be written; the caller may have
    /// filled the buffer with anything, including the previous batch's scores.
    /// </param>
    void Score(IReadOnlyList<ReadOnlyMemory<int>> histories, Span<float> scores);
}
