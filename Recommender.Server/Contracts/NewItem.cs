namespace Recommender.Server.Contracts;

/// <summary>An item that was not in the training data, placed by the model's text encoder from its text.</summary>
public sealed class NewItem
{
    /// <summary>The item's id; must be new. Required.</summary>
    public string? Id { get; init; }

    /// <summary>The title.</summary>
    public string? Title { get; init; }

    /// <summary>Genres or categories, as one string.</summary>
    public string? Genres { get; init; }

    /// <summary>A description.</summary>
    public string? Description { get; init; }
}
