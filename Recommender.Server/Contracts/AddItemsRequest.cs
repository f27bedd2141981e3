namespace Recommender.Server.Contracts;

/// <summary>Cold-start items to make recommendable without retraining (models with text).</summary>
public sealed class AddItemsRequest
{
    /// <summary>The items, at least one, up to the server's maximum. Required.</summary>
    public NewItem[]? Items { get; init; }
}
