using Recommender.Bundles;

namespace Recommender.Scoring;

/// <summary>
/// The items a session can score, as one immutable snapshot: vectors, ids, titles and the popularity order.
/// Adding items makes a new snapshot, so a call in flight always sees one consistent table.
/// </summary>
internal sealed class ItemTables
{
    private ItemTables(int dim, float[] input, float[] output, string[] ids, string[] titles, Dictionary<string, int> indices, float[] popularity, int[] popularityOrder)
    {
        Dim = dim;
        Input = input;
        Output = output;
        Ids = ids;
        Titles = titles;
        Indices = indices;
        Popularity = popularity;
        PopularityOrder = popularityOrder;
    }

    public int Dim { get; }

    /// <summary>Rows of the tables: padding plus every item.</summary>
    public int Rows => Ids.Length;

    public float[] Input { get; }

    /// <summary>The table scores use: the same array as <see cref="Input"/> for a tied model.</summary>
    public float[] Output { get; }

    /// <summary>Item ids by index; element 0 (padding) is "".</summary>
    public string[] Ids { get; }

    public string[] Titles { get; }

    public Dictionary<string, int> Indices { get; }

    /// <summary>Training interactions by index (0 for padding and for items added later).</summary>
    public float[] Popularity { get; }

    /// <summary>Item indices, most popular first, ties to the lower index; padding excluded.</summary>
    public int[] PopularityOrder { get; }

    public static ItemTables From(ModelBundle bundle)
    {
        var input = bundle.ItemVectorArray;
        var output = bundle.OutputVectorArray;
        string[] ids = ["", .. bundle.Items.Ids];
        var popularity = bundle.Popularity().Select(c => (float)c).ToArray();
        return new ItemTables(bundle.Manifest.Model.Dim, input, output, ids, [.. bundle.Titles], Index(ids), popularity, Order(popularity));
    }

    /// <summary>A snapshot with <paramref name="added"/> appended: their vectors go into both tables (the model is tied).</summary>
    public ItemTables With(IReadOnlyList<(string Id, string Title)> added, float[] vectors)
    {
        float[] input = [.. Input, .. vectors];
        string[] ids = [.. Ids, .. added.Select(a => a.Id)];
        float[] popularity = [.. Popularity, .. new float[added.Count]];
        return new ItemTables(Dim, input, input, ids, [.. Titles, .. added.Select(a => a.Title)], Index(ids), popularity, [.. PopularityOrder, .. Enumerable.Range(Rows, added.Count)]);
    }

    private static Dictionary<string, int> Index(string[] ids)
    {
        var indices = new Dictionary<string, int>(ids.Length, StringComparer.Ordinal);
        for (var i = 1; i < ids.Length; i++)
        {
            indices[ids[i]] = i;
        }

        return indices;
    }

    private static int[] Order(float[] popularity) =>
        [.. Enumerable.Range(1, popularity.Length - 1).OrderByDescending(i => popularity[i]).ThenBy(i => i)];
}
