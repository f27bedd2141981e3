namespace Recommender.Data;

/// <summary>The names of the text fields the readers fill in a <see cref="CatalogItem"/>.</summary>
public static class ItemFields
{
    /// <summary>The item's title, e.g. "Toy Story (1995)".</summary>
    public const string Title = "title";

    /// <summary>Genres or categories joined by '|', e.g. "Animation|Children's|Comedy".</summary>
    public const string Genres = "genres";

    /// <summary>Free text describing the item.</summary>
    public const string Description = "description";
}
