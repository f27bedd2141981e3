namespace Recommender.Scoring;

/// <summary>One recommended item.</summary>
/// <param name="ItemId">The item's id, as in the data the model was trained on (or as given to AddItems).</param>
/// <param name="Score">The model's score (higher is better); for a user without usable history, the item's training popularity.</param>
/// <param name="Title">The item's title, or "" when the catalog had none.</param>
public readonly record struct Recommendation(string ItemId, float Score, string Title);
