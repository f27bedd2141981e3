namespace Recommender.Server.Contracts;

/// <summary>The best items for one user.</summary>
/// <param name="ModelVersion">The model that answered (also in the <c>X-Model-Version</c> header).</param>
/// <param name="Items">Best first; fewer than k when the allow/deny lists leave fewer.</param>
/// <param name="UnknownItems">History ids the model does not know, skipped.</param>
/// <param name="FromPopularity">True when no history item was known and the items are the most popular of the training data.</param>
public sealed record RecommendResponse(string ModelVersion, IReadOnlyList<RecommendedItem> Items, int UnknownItems, bool FromPopularity);
