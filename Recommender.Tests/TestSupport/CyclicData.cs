using Recommender.Data;
using Recommender.Splitting;

namespace Recommender.Tests.TestSupport;

/// <summary>
/// A tiny dataset with an obvious sequential rule: every user walks the items in a cycle, 1 → 2 → … → 12 → 1, from a
/// different start, so the next item is always the last one + 1. Item text names each item's place in the cycle.
/// </summary>
internal static class CyclicData
{
    public const int Items = 12;

    public static DataSplit Split()
    {
        var records = new List<InteractionRecord>();
        for (var user = 0; user < 36; user++)
        {
            for (var step = 0; step < 8 + user % 5; step++)
            {
                records.Add(new InteractionRecord($"u{user}", $"{(user + step) % Items + 1}"));
            }
        }

        return LeaveOneOutSplitter.Split(Datasets.Build(records));
    }

    public static ItemCatalog Catalog() => new([.. Enumerable.Range(1, Items).Select(Item)]);

    public static CatalogItem Item(int i) => Item($"{i}", i);

    /// <summary>An item with the text of cycle place <paramref name="place"/> under any id.</summary>
    public static CatalogItem Item(string id, int place) =>
        new(id, new Dictionary<string, string> { [ItemFields.Title] = $"Episode {place} of the cycle", [ItemFields.Genres] = place % 2 == 0 ? "Even" : "Odd" });
}
