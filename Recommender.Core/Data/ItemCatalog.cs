namespace Recommender.Data;

/// <summary>The items a dataset knows text for, by id, in source order.</summary>
public sealed class ItemCatalog
{
    private readonly List<CatalogItem> _items;
    private readonly Dictionary<string, CatalogItem> _byId;

    /// <summary>Creates a catalog.</summary>
    /// <exception cref="ArgumentException">Two items share an id.</exception>
    public ItemCatalog(IEnumerable<CatalogItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        _items = [.. items];
        _byId = new Dictionary<string, CatalogItem>(_items.Count, StringComparer.Ordinal);
        foreach (var item in _items)
        {
            if (!_byId.TryAdd(item.Id, item))
            {
                throw new ArgumentException($"The item id '{item.Id}' appears twice in the catalog.", nameof(items));
            }
        }

        FieldNames = [.. _items.SelectMany(i => i.Fields.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>The names of the text fields that at least one item has.</summary>
    public IReadOnlyList<string> FieldNames { get; }

    /// <summary>The items, in source order.</summary>
    public IReadOnlyList<CatalogItem> Items => _items;

    /// <summary>The number of items.</summary>
    public int Count => _items.Count;

    /// <summary>Whether the catalog has the item.</summary>
    public bool Contains(string itemId) => _byId.ContainsKey(itemId);

    /// <summary>Looks up an item by id.</summary>
    public bool TryGetItem(string itemId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CatalogItem? item) =>
        _byId.TryGetValue(itemId, out item);
}
