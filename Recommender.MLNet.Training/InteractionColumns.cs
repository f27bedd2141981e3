using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Recommender.Data;

namespace Recommender.MLNet.Training;

/// <summary>
/// The interaction columns the trainer reads, found and type-checked in a schema, and read row by row into an
/// <see cref="InteractionLog"/> and an <see cref="ItemCatalog"/> of the item text columns. Rows that cannot be used
/// (an empty id, a missing time) are counted and reported, never dropped silently.
/// </summary>
internal sealed class InteractionColumns
{
    private const string IdTypes = "String, Int64 or Int32";
    private const string TimeTypes = "Int64, Int32, Double, Single, DateTime or DateTimeOffset";

    private readonly DataViewSchema.Column _user;
    private readonly DataViewSchema.Column _item;
    private readonly DataViewSchema.Column? _time;
    private readonly (string Field, DataViewSchema.Column Column)[] _text;

    private InteractionColumns(DataViewSchema.Column user, DataViewSchema.Column item, DataViewSchema.Column? time, (string, DataViewSchema.Column)[] text)
    {
        _user = user;
        _item = item;
        _time = time;
        _text = text;
    }

    /// <summary>Whether item ids are text (String) rather than integers; the scoring stage takes the same type.</summary>
    public bool TextIds => _item.Type is TextDataViewType;

    /// <summary>Checks the columns of a schema shape; returns whether item ids are text.</summary>
    /// <exception cref="ArgumentException">A column is missing or of a type the trainer cannot read; the message names it.</exception>
    public static bool Check(SchemaShape schema, RecommenderTrainingEstimator.Options options)
    {
        ArgumentNullException.ThrowIfNull(schema);
        SchemaShape.Column Column(string name, string what) => schema.FirstOrDefault(c => c.Name == name) is { Name: not null } column
            ? column
            : throw Missing(name, what);
        var item = Column(options.ItemColumnName, "item ids");
        foreach (var (name, what, allowed) in Expected(options))
        {
            var column = Column(name, what);
            if (column.Kind != SchemaShape.Column.VectorKind.Scalar || column.IsKey || !allowed(column.ItemType))
            {
                throw WrongType(name, what, column.Kind == SchemaShape.Column.VectorKind.Scalar ? $"{column.ItemType}" : $"a vector of {column.ItemType}");
            }
        }

        return item.ItemType is TextDataViewType;
    }

    /// <summary>Finds and checks the columns of a data view's schema.</summary>
    /// <exception cref="ArgumentException">A column is missing or of a type the trainer cannot read; the message names it.</exception>
    public static InteractionColumns Find(DataViewSchema schema, RecommenderTrainingEstimator.Options options)
    {
        DataViewSchema.Column Column(string name, string what) => schema.GetColumnOrNull(name) is { } column && !column.IsHidden
            ? column
            : throw Missing(name, what);
        foreach (var (name, what, allowed) in Expected(options))
        {
            var column = Column(name, what);
            if (!allowed(column.Type))
            {
                throw WrongType(name, what, $"{column.Type}");
            }
        }

        var text = new[] { (ItemFields.Title, options.TitleColumnName), (ItemFields.Genres, options.GenresColumnName), (ItemFields.Description, options.DescriptionColumnName) }
            .Where(t => t.Item2 is not null)
            .Select(t => (t.Item1, Column(t.Item2!, "item text")))
            .ToArray();
        return new InteractionColumns(Column(options.UserColumnName, "user ids"), Column(options.ItemColumnName, "item ids"),
            options.TimestampColumnName is { } time ? Column(time, "interaction times") : null, text);
    }

    /// <summary>Reads every row; what cannot be used is counted and reported through <paramref name="channel"/>.</summary>
    /// <exception cref="InvalidDataException">No row has both ids (and a time, when the time column is given).</exception>
    public (InteractionLog Log, ItemCatalog? Items) Read(IDataView data, IChannel channel)
    {
        var builder = new InteractionLogBuilder();
        var texts = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        using var cursor = data.GetRowCursor([_user, _item, .. _time is { } t ? [t] : Array.Empty<DataViewSchema.Column>(), .. _text.Select(c => c.Column)]);
        var user = IdGetter(cursor, _user);
        var item = IdGetter(cursor, _item);
        var time = _time is { } timeColumn ? TimeGetter(cursor, timeColumn) : null;
        var text = _text.Select(c => (c.Field, Value: Getter(cursor, c.Column, (ReadOnlyMemory<char> v) => v))).ToArray();
        long rows = 0, withoutId = 0, withoutTime = 0, firstSkipped = -1;
        while (cursor.MoveNext())
        {
            rows++;
            var (userId, itemId) = (user(), item());
            long? timestamp = time?.Invoke();
            if (userId.Length == 0 || itemId.Length == 0 || (time is not null && timestamp is null))
            {
                if (userId.Length == 0 || itemId.Length == 0)
                {
                    withoutId++;
                }
                else
                {
                    withoutTime++;
                }

                firstSkipped = firstSkipped < 0 ? rows : firstSkipped;
                continue;
            }

            builder.Add(new InteractionRecord(userId, itemId, timestamp));
            foreach (var (field, read) in text)
            {
                var value = read();
                if (!value.IsEmpty && !value.Span.IsWhiteSpace())
                {
                    var fields = texts.TryGetValue(itemId, out var known) ? known : texts[itemId] = new Dictionary<string, string>(StringComparer.Ordinal);
                    fields.TryAdd(field, value.ToString());
                }
            }
        }

        if (withoutId + withoutTime > 0)
        {
            channel.Warning(string.Create(CultureInfo.InvariantCulture,
                $"skipped {withoutId:N0} rows with an empty user or item id ('{_user.Name}', '{_item.Name}') and {withoutTime:N0} with a missing time ('{_time?.Name}') of {rows:N0}; the first is row {firstSkipped:N0}"));
        }

        if (builder.Count == 0)
        {
            throw new InvalidDataException($"No row of the {rows:N0} read has a user id, an item id{(_time is null ? string.Empty : " and a time")}; nothing can be trained on.");
        }

        var (log, duplicates) = builder.Build();
        if (duplicates.Dropped > 0)
        {
            channel.Info(string.Create(CultureInfo.InvariantCulture, $"dropped {duplicates.Dropped:N0} exact duplicate interactions (same user, item and time)"));
        }

        channel.Info(string.Create(CultureInfo.InvariantCulture, $"read {rows:N0} rows: {log.InteractionCount:N0} interactions of {log.UserCount:N0} users and {log.ItemCount:N0} items; {texts.Count:N0} items with text"));
        var catalog = texts.Count == 0 ? null : new ItemCatalog(texts.Select(t => new CatalogItem(t.Key, t.Value)));
        return (log, catalog);
    }

    private static IEnumerable<(string Name, string What, Func<DataViewType, bool> Allowed)> Expected(RecommenderTrainingEstimator.Options options)
    {
        yield return (options.UserColumnName, "user ids", IsId);
        yield return (options.ItemColumnName, "item ids", IsId);
        if (options.TimestampColumnName is { } time)
        {
            yield return (time, "interaction times", IsTime);
        }

        foreach (var column in new[] { options.TitleColumnName, options.GenresColumnName, options.DescriptionColumnName })
        {
            if (column is not null)
            {
                yield return (column, "item text", t => t is TextDataViewType);
            }
        }
    }

    private static bool IsId(DataViewType type) => type is TextDataViewType || type.Equals(NumberDataViewType.Int64) || type.Equals(NumberDataViewType.Int32);

    private static bool IsTime(DataViewType type) =>
        type.Equals(NumberDataViewType.Int64) || type.Equals(NumberDataViewType.Int32) || type.Equals(NumberDataViewType.Double)
        || type.Equals(NumberDataViewType.Single) || type is DateTimeDataViewType or DateTimeOffsetDataViewType;

    private static ArgumentException Missing(string name, string what) =>
        new($"The input has no column '{name}'; the recommender trainer reads {what} from it.", nameof(name));

    private static ArgumentException WrongType(string name, string what, string actual) =>
        new($"Column '{name}' is {actual}; the recommender trainer reads {what} from it and expects "
            + (what == "interaction times" ? TimeTypes : what == "item text" ? "String" : IdTypes) + ".", nameof(name));

    private static Func<string> IdGetter(DataViewRowCursor cursor, DataViewSchema.Column column) =>
        column.Type is TextDataViewType ? Getter(cursor, column, (ReadOnlyMemory<char> v) => v.Span.Trim().ToString())
        : column.Type.Equals(NumberDataViewType.Int64) ? Getter(cursor, column, (long v) => v.ToString(CultureInfo.InvariantCulture))
        : Getter(cursor, column, (int v) => v.ToString(CultureInfo.InvariantCulture));

    /// <summary>A getter of the time as a long (numbers as given, rounded; dates as Unix seconds), null for a missing value.</summary>
    private static Func<long?> TimeGetter(DataViewRowCursor cursor, DataViewSchema.Column column) => column.Type switch
    {
        DateTimeDataViewType => Getter(cursor, column, (DateTime v) =>
            (long?)new DateTimeOffset(DateTime.SpecifyKind(v, v.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : v.Kind)).ToUnixTimeSeconds()),
        DateTimeOffsetDataViewType => Getter(cursor, column, (DateTimeOffset v) => (long?)v.ToUnixTimeSeconds()),
        _ when column.Type.Equals(NumberDataViewType.Int64) => Getter(cursor, column, (long v) => (long?)v),
        _ when column.Type.Equals(NumberDataViewType.Int32) => Getter(cursor, column, (int v) => (long?)v),
        _ when column.Type.Equals(NumberDataViewType.Double) => Getter(cursor, column, (double v) => double.IsFinite(v) ? (long)Math.Round(v) : (long?)null),
        _ => Getter(cursor, column, (float v) => float.IsFinite(v) ? (long)Math.Round(v) : (long?)null),
    };

    /// <summary>The column's value in the cursor's current row, converted.</summary>
    private static Func<TResult> Getter<TValue, TResult>(DataViewRowCursor cursor, DataViewSchema.Column column, Func<TValue, TResult> convert)
    {
        var getter = cursor.GetGetter<TValue>(column);
        var value = default(TValue)!;
        return () =>
        {
            getter(ref value);
            return convert(value);
        };
    }
}
