namespace Recommender.Training.Training;

/// <summary>How much each batch's loss counts in its optimisation step.</summary>
public enum BatchWeighting
{
    /// <summary>
    /// Every batch counts the same: its loss is the mean over its positions. Because batches hold sequences of
    /// similar length, a position of a short history then weighs as much as up to ten of a long one.
    /// </summary>
    Equal,

    /// <summary>
    /// A batch counts in proportion to its positions (its mean loss times its positions over the epoch's mean per
    /// batch), so every position of every history weighs the same, as with batches of randomly mixed lengths.
    /// </summary>
    ByPositions,
}
