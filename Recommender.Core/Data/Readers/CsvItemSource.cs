using System.Globalization;
using System.Runtime.CompilerServices;

namespace Recommender.Data.Readers;

/// <summary>CSV items: an id column, every other column a text field named after its lower-cased header.</summary>
internal sealed class CsvItemSource(string path, TextEncoding encoding, ColumnMapping columns) : IItemSource
{
    public async IAsyncEnumerable<CatalogItem> ReadAsync(
        ReadReport report, BadRowHandler badRows, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string[]? header = null;
        var id = -1;
        await foreach (var (line, fields) in CsvRecords.ReadAsync(path, encoding, report, badRows, cancellationToken).ConfigureAwait(false))
        {
            if (header is null)
            {
                header = [.. fields.Select(f => f.Trim().ToLower(CultureInfo.InvariantCulture))];
                id = ItemColumns.FindId(path, header, columns);
                continue;
            }

            if (fields.Length != header.Length)
            {
                badRows.Handle(RowParsing.Line(line), new RowError(string.Join(',', fields), $"{header.Length} fields as in the header"));
                continue;
            }

            if (!RowParsing.TryId(fields[id], "item id", out var itemId, out var error))
            {
                badRows.Handle(RowParsing.Line(line), error);
                continue;
            }

            var text = new Dictionary<string, string>(header.Length - 1, StringComparer.Ordinal);
            for (var c = 0; c < header.Length; c++)
            {
                if (c != id)
                {
                    text[header[c]] = fields[c];
                }
            }

            report.CountRead();
            yield return new CatalogItem(itemId, text);
        }

        if (header is null)
        {
            throw new DataFormatException(path, "the CSV file is empty; expected a header row naming the item id column.");
        }
    }
}
