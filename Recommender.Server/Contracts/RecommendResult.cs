namespace Recommender.Server.Contracts;

/// <summary>The best items for one user of a batch.</summary>
/// <param name="Items">Best first; fewer than k when the allow/deny lists leave fewer.</param>
/// <param name="UnknownItems">History ids the model does not know, skipped.</param>
/// <param name="FromPopularity">True when no history item was known and the items are the most popular of the training data.</param>
public sealed record RecommendResult(IReadOnlyList<RecommendedItem> Items, int UnknownItems, bool FromPopularity);
