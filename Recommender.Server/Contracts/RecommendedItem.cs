namespace Recommender.Server.Contracts;

/// <summary>One recommended item.</summary>
/// <param name="ItemId">The item's id, as in the data the model was trained on (or as added).</param>
/// <param name="Score">The model's score, higher is better; for a history with no known item, the item's training interactions.</param>
/// <param name="Title">The item's title, or "" when it has none.</param>
public sealed record RecommendedItem(string ItemId, float Score, string Title);
