namespace Recommender.Data.Readers;

/// <summary>One file format's way of streaming catalog items out of a file.</summary>
internal interface IItemSource
{
    IAsyncEnumerable<CatalogItem> ReadAsync(ReadReport report, BadRowHandler badRows, CancellationToken cancellationToken);
}
