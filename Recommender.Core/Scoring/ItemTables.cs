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
    private readonly IdMap _trained;
    private readonly IReadOnlyList<string> _trainedTitles;
    private readonly Dictionary<string, int> _added;
    private readonly string[] _addedIds;
    private readonly string[] _addedTitles;

    private ItemTables(int dim, float[] input, float[] output, IdMap trained, IReadOnlyList<string> trainedTitles, Dictionary<string, int> added, string[] addedIds, string[] addedTitles, float[] popularity, int[] popularityOrder)
    {
        Dim = dim;
        Input = input;
        Output = output;
        _trained = trained;
        _trainedTitles = trainedTitles;
        _added = added;
        _addedIds = addedIds;
        _addedTitles = addedTitles;
        Popularity = popularity;
        PopularityOrder = popularityOrder;
    }

    public int Dim { get; }

    /// <summary>Rows of the tables: padding plus every item.</summary>
    public int Rows => _trained.Count + 1 + _addedIds.Length;

    public float[] Input { get; }

    /// <summary>The table scores use: the same array as <see cref="Input"/> for a tied model.</summary>
    public float[] Output { get; }

    /// <summary>Training interactions by index (0 for padding and for items added later).</summary>
    public float[] Popularity { get; }

    /// <summary>Item indices, most popular first, ties to the lower index; padding excluded.</summary>
    public int[] PopularityOrder { get; }

    public static ItemTables From(ModelBundle bundle)
    {
        var popularity = bundle.Popularity().Select(c => (float)c).ToArray();
        int[] order = [.. Enumerable.Range(1, popularity.Length - 1).OrderByDescending(i => popularity[i]).ThenBy(i => i)];
        return new ItemTables(bundle.Manifest.Model.Dim, bundle.ItemVectorArray, bundle.OutputVectorArray, bundle.Items, bundle.Titles, new(StringComparer.Ordinal), [], [], popularity, order);
    }

    public bool TryGetIndex(string id, out int index) => _trained.TryGetIndex(id, out index) || _added.TryGetValue(id, out index);

    public string Id(long index) => index <= _trained.Count ? _trained.GetId((int)index) : _addedIds[index - _trained.Count - 1];

    public string Title(long index) => index <= _trained.Count ? _trainedTitles[(int)index] : _addedTitles[index - _trained.Count - 1];

    /// <summary>A snapshot with <paramref name="added"/> appended: their vectors go into both tables (the model is tied).</summary>
    public ItemTables With(IReadOnlyList<(string Id, string Title)> added, float[] vectors)
    {
        float[] input = [.. Input, .. vectors];
        string[] ids = [.. _addedIds, .. added.Select(a => a.Id)];
        var indices = new Dictionary<string, int>(_added, StringComparer.Ordinal);
        for (var i = _addedIds.Length; i < ids.Length; i++)
        {
            indices[ids[i]] = _trained.Count + 1 + i;
        }

        return new ItemTables(Dim, input, input, _trained, _trainedTitles, indices, ids, [.. _addedTitles, .. added.Select(a => a.Title)],
            [.. Popularity, .. new float[added.Count]], [.. PopularityOrder, .. Enumerable.Range(Rows, added.Count)]);
    }
}
