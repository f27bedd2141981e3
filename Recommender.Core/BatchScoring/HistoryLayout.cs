namespace Recommender.BatchScoring;

/// <summary>How a batch scoring input holds its histories.</summary>
public enum HistoryLayout
{
    /// <summary>One row per user: a user column and a list column of item ids, oldest first (Parquet).</summary>
    UserLists,

    /// <summary>One row per interaction (user, item, optionally time), in any interaction format, grouped by user.</summary>
    Interactions,
}
