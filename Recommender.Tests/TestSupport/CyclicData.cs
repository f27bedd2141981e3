using System.Globalization;
using System.Text;
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

    /// <summary>
    /// Writes the same interactions as a dataset folder the commands read, and returns it: user i + 1 walks like
    /// user u{i} of <see cref="Split"/>, and movies.dat gives the titles (with a year).
    /// </summary>
    public static string WriteFolder(TempDirectory directory)
    {
        var sequences = new StringBuilder();
        var movies = new StringBuilder();
        for (var user = 0; user < 36; user++)
        {
            for (var step = 0; step < 8 + user % 5; step++)
            {
                sequences.Append(CultureInfo.InvariantCulture, $"{user + 1} {(user + step) % Items + 1}\n");
            }
        }

        foreach (var item in Catalog().Items)
        {
            movies.Append(CultureInfo.InvariantCulture, $"{item.Id}::{item.Title} (2001)::{item.GetText("genres")}\n");
        }

        directory.Write("cyclic/sequences.txt", sequences.ToString());
        directory.Write("cyclic/movies.dat", movies.ToString(), Encoding.Latin1);
        return directory.File("cyclic");
    }

    public static ItemCatalog Catalog() => new([.. Enumerable.Range(1, Items).Select(Item)]);

    public static CatalogItem Item(int i) => Item($"{i}", i);

    /// <summary>An item with the text of cycle place <paramref name="place"/> under any id.</summary>
    public static CatalogItem Item(string id, int place) =>
        new(id, new Dictionary<string, string> { [ItemFields.Title] = $"Episode {place} of the cycle", [ItemFields.Genres] = place % 2 == 0 ? "Even" : "Odd" });
}
