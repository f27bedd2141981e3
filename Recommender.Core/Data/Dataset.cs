namespace Recommender.Data;

/// <summary>An interaction log, the item catalog when there is one, and the report of loading them.</summary>
/// <param name="Interactions">The interactions, grouped by user in time order.</param>
/// <param name="Items">Item text, or <see langword="null"/> when no items file was given or found.</param>
/// <param name="Report">What was read, skipped, dropped and found missing.</param>
public sealed record Dataset(InteractionLog Interactions, ItemCatalog? Items, DataReport Report);
