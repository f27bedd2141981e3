using System.Globalization;
using Recommender.Data;

namespace Recommender.MLNet;

/// <summary>The bundle's item ids as ML.NET value-mapping pairs (original id → model index), for Int64 or String id columns.</summary>
internal static class ItemIdLookup
{
    public static KeyValuePair<string, long>[] Text(IdMap items) =>
        [.. Enumerable.Range(1, items.Count).Select(i => new KeyValuePair<string, long>(items.GetId(i), i))];

    /// <exception cref="InvalidOperationException">An id is not an integer, or two ids are the same integer.</exception>
    public static KeyValuePair<long, long>[] Int64(IdMap items, string bundleName)
    {
        var pairs = new KeyValuePair<long, long>[items.Count];
        var seen = new Dictionary<long, string>(items.Count);
        for (var i = 1; i <= items.Count; i++)
        {
            var id = items.GetId(i);
            if (!long.TryParse(id, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                throw new InvalidOperationException($"{bundleName}: item id '{id}' is not an integer, so Int64 id columns cannot name it; give the item ids as String columns.");
            }

            if (!seen.TryAdd(value, id))
            {
                throw new InvalidOperationException($"{bundleName}: item ids '{seen[value]}' and '{id}' are the same integer, so Int64 id columns cannot tell them apart; give the item ids as String columns.");
            }

            pairs[i - 1] = new(value, i);
        }

        return pairs;
    }
}
