namespace Recommender.Server.Contracts;

/// <summary>What adding items did.</summary>
/// <param name="ModelVersion">The model the items were added to. A model swapped in later starts from its own bundle's items.</param>
/// <param name="Added">Items added.</param>
/// <param name="ItemCount">Items the model can recommend now.</param>
public sealed record AddItemsResponse(string ModelVersion, int Added, int ItemCount);
