using System.Runtime.CompilerServices;
using Parquet.Schema;

namespace Recommender.Data.Readers;

/// <summary>Parquet interactions, read one row group at a time.</summary>
internal sealed class ParquetInteractionSource(string path, ColumnMapping columns) : IInteractionSource
{
    public async IAsyncEnumerable<InteractionRecord> ReadAsync(
        ReadReport report, BadRowHandler badRows, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = await ParquetFiles.OpenAsync(path, cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            var fields = reader.Schema.DataFields;
            var names = fields.Select(f => f.Name).ToArray();
            var user = Require(fields, names, columns.User, ColumnMapping.UserAliases, "user");
            var item = Require(fields, names, columns.Item, ColumnMapping.ItemAliases, "item");
            var time = Optional(fields, names, columns.Timestamp, ColumnMapping.TimestampAliases, "time");
            var rating = Optional(fields, names, columns.Rating, ColumnMapping.RatingAliases, "rating");
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var rowGroup = ParquetFiles.OpenRowGroup(reader, path, g);
                ParquetIds users, items;
                long?[]? times;
                float?[]? ratings;
                try
                {
                    users = await ParquetColumns.ReadIdsAsync(rowGroup, user, cancellationToken).ConfigureAwait(false);
                    items = await ParquetColumns.ReadIdsAsync(rowGroup, item, cancellationToken).ConfigureAwait(false);
                    times = time is null ? null : await ParquetColumns.ReadTimestampsAsync(rowGroup, time, cancellationToken).ConfigureAwait(false);
                    ratings = rating is null ? null : await ParquetColumns.ReadRatingsAsync(rowGroup, rating, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (ParquetFiles.IsCorruption(e))
                {
                    throw ParquetFiles.Unreadable(path, g, e);
                }

                for (var r = 0; r < users.Values.Length; r++)
                {
                    if ((users.Error(r, user) ?? items.Error(r, item)) is { } notAnId)
                    {
                        badRows.Handle(RowParsing.Row(g, r), notAnId);
                        continue;
                    }

                    var missing = users.Values[r] is null ? user.Name : items.Values[r] is null ? item.Name : times is not null && times[r] is null ? time!.Name : null;
                    if (missing is not null)
                    {
                        badRows.Handle(RowParsing.Row(g, r), new RowError("null", $"a value in column '{missing}'"));
                        continue;
                    }

                    report.CountRead();
                    yield return new InteractionRecord(users.Values[r]!, items.Values[r]!, times?[r], ratings?[r]);
                }
            }
        }
    }

    private DataField Require(DataField[] fields, string[] names, string? name, string[] aliases, string key)
    {
        var index = ColumnMapping.Find(names, name, aliases);
        return index >= 0
            ? fields[index]
            : throw new DataFormatException(path, "schema", string.Join(", ", names),
                name is null
                    ? $"a {key} column (one of {string.Join(", ", aliases)}; or name it with DataReadOptions.Columns, e.g. {key}=COLUMN)"
                    : $"the {key} column '{name}'");
    }

    private DataField? Optional(DataField[] fields, string[] names, string? name, string[] aliases, string key)
    {
        if (name is not null)
        {
            return Require(fields, names, name, aliases, key);
        }

        var index = ColumnMapping.Find(names, null, aliases);
        return index >= 0 ? fields[index] : null;
    }
}
