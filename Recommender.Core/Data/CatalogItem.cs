namespace Recommender.Data;

/// <summary>An item and its text fields (title, genres, description, ...).</summary>
/// <param name="Id">The item's id, as interactions name it.</param>
/// <param name="Fields">Text fields by name; names are lower case (see <see cref="ItemFields"/>).</param>
public sealed record CatalogItem(string Id, IReadOnlyDictionary<string, string> Fields)
{
    /// <summary>The title, or an empty string when the item has none.</summary>
    public string Title => GetText(ItemFields.Title);

    /// <summary>The text of field <paramref name="name"/>, or an empty string when the item has none.</summary>
    public string GetText(string name) => Fields.TryGetValue(name, out var text) ? text : string.Empty;
}
