using System.Globalization;
using Parquet;
using Parquet.Schema;
using Recommender.IO;

namespace Recommender.Data;

/// <summary>
/// Writes interactions and items as Parquet, in the layout the readers detect
/// (<c>user_id</c>, <c>item_id</c>, <c>timestamp</c>, <c>rating</c>; items: <c>item_id</c> and one string column per text field).
/// Integer ids are written as int64, others as strings. Files appear only once complete.
/// </summary>
public static class ParquetDataWriter
{
    /// <summary>Rows per row group: small enough to stream, large enough to compress well.</summary>
    public const int RowGroupSize = 100_000;

    /// <summary>Writes the log's interactions, user by user in time order.</summary>
    public static Task WriteInteractionsAsync(string path, InteractionLog log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(log);
        var userField = IdField("user_id", log.Users.Kind);
        var itemField = IdField("item_id", log.Items.Kind);
        var timeField = new DataField<long>("timestamp");
        var ratingField = new DataField<float>("rating");
        var fields = new List<Field> { userField, itemField };
        if (log.HasTimestamps) fields.Add(timeField);
        if (log.HasRatings) fields.Add(ratingField);
        var schema = new ParquetSchema(fields);

        return AtomicFile.WriteAsync(path, async (stream, ct) =>
        {
            await using var writer = await ParquetWriter.CreateAsync(schema, stream, cancellationToken: ct).ConfigureAwait(false);
            foreach (var chunk in log.ToRecords().Chunk(RowGroupSize))
            {
                using var rowGroup = writer.CreateRowGroup();
                await WriteIdsAsync(rowGroup, userField, log.Users.Kind, [.. chunk.Select(r => r.UserId)], ct).ConfigureAwait(false);
                await WriteIdsAsync(rowGroup, itemField, log.Items.Kind, [.. chunk.Select(r => r.ItemId)], ct).ConfigureAwait(false);
                if (log.HasTimestamps)
                {
                    await rowGroup.WriteAsync<long>(timeField, chunk.Select(r => r.Timestamp!.Value).ToArray(), null, null, ct).ConfigureAwait(false);
                }

                if (log.HasRatings)
                {
                    await rowGroup.WriteAsync<float>(ratingField, chunk.Select(r => r.Rating ?? float.NaN).ToArray(), null, null, ct).ConfigureAwait(false);
                }
            }
        }, cancellationToken);
    }

    /// <summary>Writes a catalog: its ids, and one nullable string column per text field.</summary>
    public static Task WriteItemsAsync(string path, ItemCatalog catalog, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var kind = new IdMap(catalog.Items.Select(i => i.Id)).Kind;
        var idField = IdField("item_id", kind);
        var textFields = catalog.FieldNames.Select(n => new DataField(n, typeof(string), isNullable: true)).ToArray();
        var schema = new ParquetSchema([idField, .. textFields]);

        return AtomicFile.WriteAsync(path, async (stream, ct) =>
        {
            await using var writer = await ParquetWriter.CreateAsync(schema, stream, cancellationToken: ct).ConfigureAwait(false);
            foreach (var chunk in catalog.Items.Chunk(RowGroupSize))
            {
                using var rowGroup = writer.CreateRowGroup();
                await WriteIdsAsync(rowGroup, idField, kind, [.. chunk.Select(i => i.Id)], ct).ConfigureAwait(false);
                foreach (var field in textFields)
                {
                    await rowGroup.WriteAsync(field, chunk.Select(i => i.Fields.GetValueOrDefault(field.Name)).ToArray()).ConfigureAwait(false);
                }
            }
        }, cancellationToken);
    }

    // DataField, not DataField<long>: the id column's type depends on the ids.
#pragma warning disable CA1859
    private static DataField IdField(string name, IdKind kind) =>
        kind == IdKind.Numeric ? new DataField<long>(name) : new DataField(name, typeof(string), isNullable: false);

#pragma warning restore CA1859

    private static Task WriteIdsAsync(ParquetRowGroupWriter rowGroup, DataField field, IdKind kind, string[] ids, CancellationToken cancellationToken) =>
        kind == IdKind.Numeric
            ? rowGroup.WriteAsync<long>(field, ids.Select(id => long.Parse(id, CultureInfo.InvariantCulture)).ToArray(), null, null, cancellationToken)
            : rowGroup.WriteAsync(field, ids);
}
