using System.Runtime.CompilerServices;
using Parquet.Schema;
using Recommender.BatchScoring;

namespace Recommender.Data.Readers;

/// <summary>Parquet with one row per user: a user column and a list column of item ids, oldest first; one row group at a time.</summary>
internal sealed class ParquetHistorySource(string path, ColumnMapping columns)
{
    private static readonly string[] ListAliases = ["items", "history", "item_ids", "sequence", .. ColumnMapping.ItemAliases];

    /// <summary>Whether a Parquet schema has the shape this source reads: a top-level list column.</summary>
    public static bool Reads(ParquetSchema schema) => schema.Fields.Any(f => f is ListField);

    /// <param name="report">Counts the rows read.</param>
    /// <param name="badRows">Decides what a malformed row does.</param>
    /// <param name="order">When given, a user read before (here or in an earlier file) stops the read.</param>
    /// <param name="cancellationToken">Checked between row groups.</param>
    public async IAsyncEnumerable<UserHistory> ReadAsync(ReadReport report, BadRowHandler badRows, UserOrder? order, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = await ParquetFiles.OpenAsync(path, cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            var (user, items) = Columns(reader.Schema);
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var rowGroup = ParquetFiles.OpenRowGroup(reader, path, g);
                ParquetIds userIds;
                TextLists lists;
                try
                {
                    userIds = await ParquetColumns.ReadIdsAsync(rowGroup, user, cancellationToken).ConfigureAwait(false);
                    lists = await ParquetColumns.ReadTextListsAsync(rowGroup, items, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (ParquetFiles.IsCorruption(e))
                {
                    throw ParquetFiles.Unreadable(path, g, e);
                }

                var users = userIds.Values;
                if (lists.Count != users.Length)
                {
                    throw new DataFormatException(path, $"row group {g}: column '{user.Name}' has {users.Length} rows but the list column '{items.Path}' has {lists.Count}");
                }

                for (var r = 0; r < users.Length; r++)
                {
                    var list = lists.Row(r);
                    var error = userIds.Error(r, user) is { } notAnId ? notAnId
                        : users[r] is null ? new RowError("null", $"a user id in column '{user.Name}'")
                        : list is null ? new RowError("null", $"a list of item ids in column '{items.Path}' (an empty list for a user with none)")
                        : Array.IndexOf(list, null) is var at and >= 0 ? new RowError("null", $"an item id at position {at} of the list in column '{items.Path}'")
                        : (RowError?)null;
                    if (error is { } bad)
                    {
                        badRows.Handle(RowParsing.Row(g, r), bad);
                        continue;
                    }

                    if (order is not null)
                    {
                        order.Start(users[r]!, path, RowParsing.Row(g, r), HistoryLayout.UserLists);
                        order.Finish(users[r]!, path);
                    }

                    report.CountRead();
                    yield return new UserHistory(users[r]!, list!.Cast<string>().ToArray());
                }
            }
        }
    }

    private (DataField User, DataField Items) Columns(ParquetSchema schema)
    {
        var names = schema.Fields.Select(f => f.Name).ToArray();
        var userIndex = ColumnMapping.Find(names, columns.User, ColumnMapping.UserAliases);
        if (userIndex < 0 || schema.Fields[userIndex] is not DataField user)
        {
            throw new DataFormatException(path, "schema", string.Join(", ", names),
                columns.User is null ? $"a user column (one of {string.Join(", ", ColumnMapping.UserAliases)}; or name it with DataReadOptions.Columns, e.g. user=COLUMN)" : $"the user column '{columns.User}'");
        }

        var lists = schema.Fields.OfType<ListField>().ToArray();
        var listIndex = ColumnMapping.Find([.. lists.Select(l => l.Name)], columns.Item, ListAliases);
        var list = listIndex >= 0 ? lists[listIndex] : lists.Length == 1 && columns.Item is null ? lists[0] : null;
        if (list?.Item is not DataField element)
        {
            throw new DataFormatException(path, "schema", string.Join(", ", names),
                columns.Item is null ? "one list column of item ids (or name it with DataReadOptions.Columns, e.g. item=COLUMN)" : $"the list column '{columns.Item}' holding item ids");
        }

        return (user, element);
    }
}
