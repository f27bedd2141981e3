namespace Recommender.Training.Modeling;

/// <summary>Where the learned positions of a history start counting.</summary>
public enum PositionOrigin
{
    /// <summary>
    /// Position 0 is the most recent item and positions count back from it, so the item a prediction is made after
    /// always has the same position, however long the history.
    /// </summary>
    LatestItem,

    /// <summary>
    /// Position 0 is the oldest item the model reads (the first of the window) and positions count forward, as in
    /// the published SASRec setups: a short history's position then says how far the user is from their first items.
    /// </summary>
    FirstItem,
}
