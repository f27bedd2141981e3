using Recommender.Bundles;
using Recommender.Data;

namespace Recommender.Scoring;

/// <summary>
/// The items a session can score, as one immutable snapshot: vectors, ids, titles and the popularity order.
/// Adding items makes a new snapshot, so a call in flight always sees one consistent table. The bundle's own id
/// map, titles and vectors are shared, not copied: for a catalog of millions they are most of the memory.
/// </summary>
internal sealed class ItemTables
{
    private readonly ModelBundle _bundle;
    private readonly Dictionary<string, int> _added;
    private readonly string[] _addedIds;
    private readonly string[] _addedTitles;
    private readonly Lazy<int[]> _popularityOrder;

    private ItemTables(int dim, float[] input, float[] output, ModelBundle bundle, Dictionary<string, int> added, string[] addedIds, string[] addedTitles)
    {
        Dim = dim;
        Input = input;
        Output = output;
        _bundle = bundle;
        _added = added;
        _addedIds = addedIds;
        _addedTitles = addedTitles;
        _popularityOrder = new Lazy<int[]>(Order);
    }

    public int Dim { get; }

    /// <summary>Rows of the tables: padding plus every item.</summary>
    public int Rows => Trained.Count + 1 + _addedIds.Length;

    public float[] Input { get; }

    /// <summary>The table scores use: the same array as <see cref="Input"/> for a tied model.</summary>
    public float[] Output { get; }

    /// <summary>Training interactions of <paramref name="index"/>, read from the bundle's counts (0 for padding and for items added later).</summary>
    public float Popularity(long index) => index <= Trained.Count ? _bundle.PopularityCounts[(int)index] : 0;

    /// <summary>
    /// Item indices, most popular first, ties to the lower index; padding excluded. Made when first asked for (only
    /// empty histories need it), so a session that never sees one never holds it: for a million items, 4 MB.
    /// </summary>
    public int[] PopularityOrder => _popularityOrder.Value;

    public static ItemTables From(ModelBundle bundle) =>
        new(bundle.Manifest.Model.Dim, bundle.ItemVectorArray, bundle.OutputVectorArray, bundle, new(StringComparer.Ordinal), [], []);

    // Sorted in place rather than through LINQ, whose keys and buffers would briefly take several times the order's size.
    private int[] Order()
    {
        var order = new int[Rows - 1];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i + 1;
        }

        order.AsSpan().Sort((a, b) =>
        {
            var byPopularity = Popularity(b).CompareTo(Popularity(a));
            return byPopularity != 0 ? byPopularity : a.CompareTo(b);
        });
        return order;
    }

    public bool TryGetIndex(string id, out int index) => Trained.TryGetIndex(id, out index) || _added.TryGetValue(id, out index);

    public string Id(long index) => index <= Trained.Count ? Trained.GetId((int)index) : _addedIds[index - Trained.Count - 1];

    public string Title(long index) => index <= Trained.Count ? _bundle.Titles[(int)index] : _addedTitles[index - Trained.Count - 1];

    private IdMap Trained => _bundle.Items;

    /// <summary>The items added since the bundle was loaded, in the order they were added.</summary>
    public IReadOnlyList<(string Id, string Title)> Added => [.. _addedIds.Zip(_addedTitles)];

    /// <summary>The added items' rows of the (tied) table, in the order of <see cref="Added"/>.</summary>
    public ReadOnlySpan<float> AddedVectors => Input.AsSpan((Trained.Count + 1) * Dim);

    /// <summary>A snapshot with <paramref name="added"/> appended: their vectors go into both tables (the model is tied).</summary>
    public ItemTables With(IReadOnlyList<(string Id, string Title)> added, float[] vectors)
    {
        float[] input = [.. Input, .. vectors];
        string[] ids = [.. _addedIds, .. added.Select(a => a.Id)];
        var indices = new Dictionary<string, int>(_added, StringComparer.Ordinal);
        for (var i = _addedIds.Length; i < ids.Length; i++)
        {
            indices[ids[i]] = Trained.Count + 1 + i;
        }

        return new ItemTables(Dim, input, input, _bundle, indices, ids, [.. _addedTitles, .. added.Select(a => a.Title)]);
    }
}
