namespace Recommender.Data.Synthetic;

/// <summary>A generated dataset: interactions and the catalog of items with their text.</summary>
/// <param name="Interactions">
/// The interactions, user by user ("1", "2", ...) and each user's in time order; every record has a timestamp
/// (Unix seconds) and a rating (1 to 5). No user consumes an item twice.
/// </param>
/// <param name="Items">
/// Every item ("1" to the item count, in id order) with <see cref="ItemFields.Title"/>, <see cref="ItemFields.Genres"/>
/// and <see cref="ItemFields.Description"/>; a few long-tail items may have no interactions.
/// </param>
public sealed record SyntheticDataset(IReadOnlyList<InteractionRecord> Interactions, ItemCatalog Items);
