using System.Runtime.CompilerServices;

namespace Recommender.Data.Readers;

/// <summary>CSV with a header row; user and item columns required, timestamp and rating optional.</summary>
internal sealed class CsvInteractionSource(string path, TextEncoding encoding, ColumnMapping columns) : IInteractionSource
{
    public async IAsyncEnumerable<InteractionRecord> ReadAsync(
        ReadReport report, BadRowHandler badRows, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string[]? header = null;
        int user = -1, item = -1, time = -1, rating = -1;
        await foreach (var (line, fields) in CsvRecords.ReadAsync(path, encoding, report, badRows, cancellationToken).ConfigureAwait(false))
        {
            if (header is null)
            {
                header = fields;
                user = Require(header, columns.User, ColumnMapping.UserAliases, "user");
                item = Require(header, columns.Item, ColumnMapping.ItemAliases, "item");
                time = Optional(header, columns.Timestamp, ColumnMapping.TimestampAliases, "time");
                rating = Optional(header, columns.Rating, ColumnMapping.RatingAliases, "rating");
                continue;
            }

            if (fields.Length != header.Length)
            {
                badRows.Handle(RowParsing.Line(line), new RowError(string.Join(',', fields), $"{header.Length} fields as in the header"));
                continue;
            }

            if (TryParse(fields, user, item, time, rating, out var record, out var error))
            {
                report.CountRead();
                yield return record;
            }
            else
            {
                badRows.Handle(RowParsing.Line(line), error);
            }
        }

        if (header is null)
        {
            throw new DataFormatException(path, "the CSV file is empty; expected a header row naming the user and item columns.");
        }
    }

    private static bool TryParse(string[] fields, int user, int item, int time, int rating, out InteractionRecord record, out RowError error)
    {
        record = default;
        if (!RowParsing.TryId(fields[user], "user id", out var userId, out error)
            || !RowParsing.TryId(fields[item], "item id", out var itemId, out error))
        {
            return false;
        }

        long? timestamp = null;
        float? value = null;
        if (time >= 0)
        {
            if (!RowParsing.TryTimestamp(fields[time].Trim(), out var t, out error))
            {
                return false;
            }

            timestamp = t;
        }

        if (rating >= 0)
        {
            if (!RowParsing.TryRating(fields[rating].Trim(), out var r, out error))
            {
                return false;
            }

            value = r;
        }

        record = new InteractionRecord(userId, itemId, timestamp, value);
        return true;
    }

    private int Require(string[] header, string? name, string[] aliases, string key)
    {
        var index = ColumnMapping.Find(header, name, aliases);
        return index >= 0
            ? index
            : throw new DataFormatException(path, "line 1", string.Join(',', header),
                name is null
                    ? $"a header with a {key} column (one of {string.Join(", ", aliases)}; or name it with DataReadOptions.Columns, e.g. {key}=COLUMN)"
                    : $"a header with the {key} column '{name}'");
    }

    private int Optional(string[] header, string? name, string[] aliases, string key) =>
        name is null ? ColumnMapping.Find(header, null, aliases) : Require(header, name, aliases, key);
}
