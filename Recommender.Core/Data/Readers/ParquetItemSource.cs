using System.Globalization;
using System.Runtime.CompilerServices;

namespace Recommender.Data.Readers;

/// <summary>Parquet items: an id column, every other column a text field named after its lower-cased column name.</summary>
internal sealed class ParquetItemSource(string path, ColumnMapping columns) : IItemSource
{
    public async IAsyncEnumerable<CatalogItem> ReadAsync(
        ReadReport report, BadRowHandler badRows, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = await ParquetFiles.OpenAsync(path, cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            var fields = reader.Schema.DataFields;
            var names = fields.Select(f => f.Name.ToLower(CultureInfo.InvariantCulture)).ToArray();
            var id = ItemColumns.FindId(path, names, columns);
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var rowGroup = ParquetFiles.OpenRowGroup(reader, path, g);
                var columnsText = new string?[fields.Length][];
                ParquetIds ids;
                try
                {
                    ids = await ParquetColumns.ReadIdsAsync(rowGroup, fields[id], cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (ParquetFiles.IsCorruption(e))
                {
                    throw ParquetFiles.Unreadable(path, g, e);
                }

                for (var c = 0; c < fields.Length; c++)
                {
                    try
                    {
                        columnsText[c] = c == id ? ids.Values : await ParquetColumns.ReadTextAsync(rowGroup, fields[c], cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception e) when (ParquetFiles.IsCorruption(e))
                    {
                        throw ParquetFiles.Unreadable(path, g, e);
                    }
                }

                for (var r = 0; r < rowGroup.RowCount; r++)
                {
                    if (ids.Error(r, fields[id]) is { } notAnId)
                    {
                        badRows.Handle(RowParsing.Row(g, r), notAnId);
                        continue;
                    }

                    if (columnsText[id][r] is not { Length: > 0 } itemId)
                    {
                        badRows.Handle(RowParsing.Row(g, r), new RowError(columnsText[id][r] ?? "null", $"an item id in column '{fields[id].Name}'"));
                        continue;
                    }

                    var text = new Dictionary<string, string>(fields.Length - 1, StringComparer.Ordinal);
                    for (var c = 0; c < fields.Length; c++)
                    {
                        if (c != id && columnsText[c][r] is { } value)
                        {
                            text[names[c]] = value;
                        }
                    }

                    report.CountRead();
                    yield return new CatalogItem(itemId, text);
                }
            }
        }
    }
}
