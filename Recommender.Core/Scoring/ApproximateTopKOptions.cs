namespace Recommender.Scoring;

/// <summary>
/// The approximate top-K search of <see cref="RecommenderSession"/>: an HNSW graph (USearch) over the item vectors,
/// built on first use and kept in a file beside the bundle, so later sessions over the same bundle read it instead.
/// </summary>
public sealed record ApproximateTopKOptions
{
    /// <summary>The defaults, in one place (chosen by the measurements in benchmarks/RESULTS.md, "Approximate top-K").</summary>
    public static class Defaults
    {
        /// <summary>Catalog size from which <see cref="TopKSearch.Auto"/> searches approximately.</summary>
        public const int MinItems = 200_000;

        /// <summary>Graph neighbours per item (HNSW's M).</summary>
        public const int Connectivity = 16;

        /// <summary>Candidates considered while inserting an item (HNSW's efConstruction).</summary>
        public const int ExpansionAdd = 512;

        /// <summary>
        /// Candidates considered while searching (HNSW's ef) in a catalog of up to <see cref="DepthReferenceItems"/>
        /// items; larger catalogs search deeper (see <see cref="ExpansionSearch"/>). A search for more items searches deeper.
        /// </summary>
        public const int ExpansionSearch = 96;

        /// <summary>Catalog size up to which <see cref="ExpansionSearch"/> is the search depth.</summary>
        public const int DepthReferenceItems = 1_000_000;

        /// <summary>Items asked of the graph per item recommended, before seen and filtered items are removed.</summary>
        public const int Oversampling = 4;

        /// <summary>How the index stores the item vectors.</summary>
        public const IndexPrecision Precision = IndexPrecision.Quantized;
    }

    /// <summary>Catalog size from which <see cref="TopKSearch.Auto"/> searches approximately. Default <see cref="Defaults.MinItems"/>.</summary>
    public int MinItems { get; init; } = Defaults.MinItems;

    /// <summary>Graph neighbours per item: more finds the best items more surely, at more memory and build time. Default <see cref="Defaults.Connectivity"/>.</summary>
    public int Connectivity { get; init; } = Defaults.Connectivity;

    /// <summary>Candidates considered while inserting an item: more builds a better graph, slower. Default <see cref="Defaults.ExpansionAdd"/>.</summary>
    public int ExpansionAdd { get; init; } = Defaults.ExpansionAdd;

    /// <summary>
    /// Candidates considered while searching: more finds the best items more surely, slower. Default null: by the
    /// catalog's size, <see cref="Defaults.ExpansionSearch"/> up to <see cref="Defaults.DepthReferenceItems"/> items and
    /// growing with the square root of the size beyond (about 215 at five million), because a graph of more items
    /// needs a deeper search for the same recall.
    /// </summary>
    public int? ExpansionSearch { get; init; }

    /// <summary>
    /// Items asked of the graph per item recommended; their exact scores decide the order. Seen items and items a
    /// filter refuses are asked for on top, and a user still short of k searches again, deeper. Default <see cref="Defaults.Oversampling"/>.
    /// </summary>
    public int Oversampling { get; init; } = Defaults.Oversampling;

    /// <summary>
    /// How the index stores its copy of the item vectors: a coarser copy takes less memory and may propose slightly
    /// different candidates (their exact scores still order them). Default <see cref="Defaults.Precision"/>.
    /// </summary>
    public IndexPrecision Precision { get; init; } = Defaults.Precision;

    /// <summary>
    /// Where the index is kept; null (the default) for beside the bundle file, named after the bundle and the item
    /// vectors' hash, so a new bundle never reads an old index. Where that cannot be written (a read-only volume),
    /// the index lives in memory only and <see cref="RecommenderSession.IndexMessage"/> says so.
    /// </summary>
    public string? IndexDirectory { get; init; }

    /// <summary>The search depth for a catalog of <paramref name="items"/> items: <see cref="ExpansionSearch"/> when set, by size otherwise.</summary>
    internal int SearchDepth(long items) =>
        ExpansionSearch ?? (items <= Defaults.DepthReferenceItems
            ? Defaults.ExpansionSearch
            : (int)Math.Ceiling(Defaults.ExpansionSearch * Math.Sqrt(items / (double)Defaults.DepthReferenceItems)));

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MinItems, 1, nameof(MinItems));
        ArgumentOutOfRangeException.ThrowIfLessThan(Connectivity, 2, nameof(Connectivity));
        ArgumentOutOfRangeException.ThrowIfLessThan(ExpansionAdd, 1, nameof(ExpansionAdd));
        if (ExpansionSearch is { } depth)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1, nameof(ExpansionSearch));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(Oversampling, 1, nameof(Oversampling));
        if (!Enum.IsDefined(Precision))
        {
            throw new ArgumentOutOfRangeException(nameof(Precision), Precision, $"{nameof(Precision)} must be one of {string.Join(", ", Enum.GetNames<IndexPrecision>())}.");
        }
    }
}
