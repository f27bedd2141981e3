namespace Recommender.Data;

/// <summary>Everything loading a dataset read, skipped, dropped or found missing.</summary>
public sealed record DataReport
{
    /// <summary>The interactions file's read report.</summary>
    public required ReadReport Interactions { get; init; }

    /// <summary>The items file's read report, when there is an items file.</summary>
    public ReadReport? Items { get; init; }

    /// <summary>Item rows whose id an earlier row already had (the first is kept).</summary>
    public long DuplicateCatalogIds { get; init; }

    /// <summary>Exact duplicate and repeated interactions.</summary>
    public required DuplicateCounts Duplicates { get; init; }

    /// <summary>Distinct interacted items that the catalog has no entry for (0 without a catalog). They are kept, without text.</summary>
    public int ItemsMissingFromCatalog { get; init; }

    /// <summary>Interactions with items the catalog has no entry for.</summary>
    public long InteractionsWithItemsMissingFromCatalog { get; init; }

    /// <summary>Catalog items that no interaction names.</summary>
    public int CatalogItemsWithoutInteractions { get; init; }
}
