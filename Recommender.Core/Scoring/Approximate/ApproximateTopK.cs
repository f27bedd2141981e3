using System.Numerics.Tensors;

namespace Recommender.Scoring.Approximate;

/// <summary>
/// A user's top K from the item index: the graph proposes candidates for the user vector, their exact scores order
/// them, seen and filtered items are dropped, and a user left short of k searches again, deeper.
/// </summary>
internal sealed class ApproximateTopK(ItemIndex index, ApproximateTopKOptions options) : IDisposable
{
    public ItemIndex Index { get; } = index;

    /// <summary>
    /// The best <paramref name="k"/> items, or null when even a search as deep as the catalog's size would not
    /// have found k (the caller then scores every item).
    /// </summary>
    public List<Recommendation>? Recommend(ReadOnlySpan<float> user, int[] history, int k, bool excludeSeen, Func<string, bool>? filter, ItemTables tables)
    {
        var skip = excludeSeen ? new HashSet<int>(history) : null;
        var catalog = tables.Rows - 1;
        // Seen items are asked for again only when they crowd the first answer: most histories lie far from the top.
        var wanted = filter is null ? k * options.Oversampling : Math.Max(4 * k, 64);
        while (true)
        {
            if (wanted >= catalog)
            {
                return null;
            }

            var keys = new long[wanted];
            var found = Index.Search(user, keys);
            var rows = new List<int>(found);
            foreach (var key in keys.AsSpan(0, found))
            {
                // Items added after this call's snapshot of the tables are not part of its catalog.
                if (key < tables.Rows && skip?.Contains((int)key) != true && (filter is null || filter(tables.Id(key))))
                {
                    rows.Add((int)key);
                }
            }

            if (rows.Count >= k || found < wanted)
            {
                return rows.Count >= k ? Best(rows, InnerProducts(user, tables.Output, rows), k, tables) : null;
            }

            wanted *= 4;
        }
    }

    /// <summary>Exact scores: the user vector's inner product with each row of <paramref name="table"/>, as the bundle's graphs score (the index serves no bundle with a transition term).</summary>
    private static float[] InnerProducts(ReadOnlySpan<float> user, float[] table, List<int> rows)
    {
        var scores = new float[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            scores[i] = TensorPrimitives.Dot(user, table.AsSpan(rows[i] * user.Length, user.Length));
        }

        return scores;
    }

    public void Dispose() => Index.Dispose();

    private static List<Recommendation> Best(List<int> rows, float[] scores, int k, ItemTables tables)
    {
        var order = Enumerable.Range(0, rows.Count).ToArray();
        order.AsSpan().Sort((a, b) =>
        {
            var byScore = scores[b].CompareTo(scores[a]);
            return byScore != 0 ? byScore : rows[a].CompareTo(rows[b]);
        });
        return [.. order.Take(k).Select(i => new Recommendation(tables.Id(rows[i]), scores[i], tables.Title(rows[i])))];
    }
}
