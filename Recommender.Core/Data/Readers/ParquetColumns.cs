using System.Globalization;
using Parquet;
using Parquet.Schema;

namespace Recommender.Data.Readers;

/// <summary>Reads one Parquet column of a row group as ids, timestamps or ratings, whatever its physical type.</summary>
internal static class ParquetColumns
{
    public static async Task<string?[]> ReadTextAsync(ParquetRowGroupReader rowGroup, DataField field, CancellationToken cancellationToken)
    {
        var count = checked((int)rowGroup.RowCount);
        var type = field.ClrType;
        if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>))
        {
            var values = new string?[count];
            await WithinLimitAsync(rowGroup, field, ct => rowGroup.ReadAsync(field, values.AsMemory(), null, ct), cancellationToken).ConfigureAwait(false);
            return values;
        }

        return type switch
        {
            _ when type == typeof(long) => ToText(await ReadAsync<long>(rowGroup, field, count, cancellationToken).ConfigureAwait(false)),
            _ when type == typeof(int) => ToText(await ReadAsync<int>(rowGroup, field, count, cancellationToken).ConfigureAwait(false)),
            _ when type == typeof(short) => ToText(await ReadAsync<short>(rowGroup, field, count, cancellationToken).ConfigureAwait(false)),
            _ when type == typeof(ulong) => ToText(await ReadAsync<ulong>(rowGroup, field, count, cancellationToken).ConfigureAwait(false)),
            _ when type == typeof(uint) => ToText(await ReadAsync<uint>(rowGroup, field, count, cancellationToken).ConfigureAwait(false)),
            _ when type == typeof(double) => ToText(await ReadAsync<double>(rowGroup, field, count, cancellationToken).ConfigureAwait(false)),
            _ when type == typeof(float) => ToText(await ReadAsync<float>(rowGroup, field, count, cancellationToken).ConfigureAwait(false)),
            _ => throw Unsupported(field, "text or integers"),
        };
    }

    /// <summary>An id column as text; floating-point ids must be whole numbers (see <see cref="ParquetIds"/>).</summary>
    public static async Task<ParquetIds> ReadIdsAsync(ParquetRowGroupReader rowGroup, DataField field, CancellationToken cancellationToken)
    {
        var count = checked((int)rowGroup.RowCount);
        var type = field.ClrType;
        if (type == typeof(double))
        {
            return WholeNumbers(await ReadAsync<double>(rowGroup, field, count, cancellationToken).ConfigureAwait(false));
        }

        if (type == typeof(float))
        {
            return WholeNumbers([.. (await ReadAsync<float>(rowGroup, field, count, cancellationToken).ConfigureAwait(false)).Select(v => (double?)v)]);
        }

        return new ParquetIds(await ReadTextAsync(rowGroup, field, cancellationToken).ConfigureAwait(false), null);
    }

    public static async Task<long?[]> ReadTimestampsAsync(ParquetRowGroupReader rowGroup, DataField field, CancellationToken cancellationToken)
    {
        var count = checked((int)rowGroup.RowCount);
        var type = field.ClrType;
        if (type == typeof(long))
        {
            return await ReadAsync<long>(rowGroup, field, count, cancellationToken).ConfigureAwait(false);
        }

        if (type == typeof(int))
        {
            return [.. (await ReadAsync<int>(rowGroup, field, count, cancellationToken).ConfigureAwait(false)).Select(v => (long?)v)];
        }

        if (type == typeof(DateTime))
        {
            return [.. (await ReadAsync<DateTime>(rowGroup, field, count, cancellationToken).ConfigureAwait(false))
                .Select(v => v is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)).ToUnixTimeSeconds() : (long?)null)];
        }

        if (type == typeof(DateTimeOffset))
        {
            return [.. (await ReadAsync<DateTimeOffset>(rowGroup, field, count, cancellationToken).ConfigureAwait(false)).Select(v => v?.ToUnixTimeSeconds())];
        }

        throw Unsupported(field, "integer or date-time timestamps");
    }

    public static async Task<float?[]> ReadRatingsAsync(ParquetRowGroupReader rowGroup, DataField field, CancellationToken cancellationToken)
    {
        var count = checked((int)rowGroup.RowCount);
        var type = field.ClrType;
        return type switch
        {
            _ when type == typeof(float) => await ReadAsync<float>(rowGroup, field, count, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(double) => [.. (await ReadAsync<double>(rowGroup, field, count, cancellationToken).ConfigureAwait(false)).Select(v => (float?)v)],
            _ when type == typeof(int) => [.. (await ReadAsync<int>(rowGroup, field, count, cancellationToken).ConfigureAwait(false)).Select(v => (float?)v)],
            _ when type == typeof(long) => [.. (await ReadAsync<long>(rowGroup, field, count, cancellationToken).ConfigureAwait(false)).Select(v => (float?)v)],
            _ => throw Unsupported(field, "numeric ratings"),
        };
    }

    /// <summary>A list column of a row group, its elements readable as text row by row (see <see cref="TextLists"/>).</summary>
    public static async Task<TextLists> ReadTextListsAsync(ParquetRowGroupReader rowGroup, DataField element, CancellationToken cancellationToken)
    {
        var entries = checked((int)(rowGroup.GetMetadata(element)?.MetaData?.NumValues ?? 0));
        var definitions = new int[entries];
        var repetitions = new int[entries];
        var type = element.ClrType;
        Func<int, string> text = type switch
        {
            _ when type == typeof(string) || type == typeof(ReadOnlyMemory<char>) => Text(await ReadRawAsync<ReadOnlyMemory<char>>(rowGroup, element, definitions, repetitions, cancellationToken).ConfigureAwait(false)),
            _ when type == typeof(long) => Text(await ReadRawAsync<long>(rowGroup, element, definitions, repetitions, cancellationToken).ConfigureAwait(false)),
            _ when type == typeof(int) => Text(await ReadRawAsync<int>(rowGroup, element, definitions, repetitions, cancellationToken).ConfigureAwait(false)),
            _ => throw Unsupported(element, "a list of text or integer item ids"),
        };
        return TextLists.FromLevels(definitions, repetitions, element.MaxDefinitionLevel, element.IsNullable, text);
    }

    private static Func<int, string> Text(ReadOnlyMemory<char>[] values) => i => values[i].ToString();

    private static Func<int, string> Text<T>(T[] values)
        where T : struct, IFormattable => i => values[i].ToString(null, CultureInfo.InvariantCulture);

    private static async Task<T[]> ReadRawAsync<T>(ParquetRowGroupReader rowGroup, DataField field, int[] definitions, int[] repetitions, CancellationToken cancellationToken)
        where T : struct
    {
        var values = new T[definitions.Length];
        await WithinLimitAsync(rowGroup, field, ct => rowGroup.ReadRawAsync<T>(field, values.AsMemory(), definitions.AsMemory(), repetitions.AsMemory(), ct), cancellationToken).ConfigureAwait(false);
        return values;
    }

    private static async Task<T?[]> ReadAsync<T>(ParquetRowGroupReader rowGroup, DataField field, int count, CancellationToken cancellationToken)
        where T : struct
    {
        if (field.IsNullable)
        {
            var nullable = new T?[count];
            await WithinLimitAsync(rowGroup, field, ct => rowGroup.ReadAsync(field, nullable.AsMemory(), null, ct), cancellationToken).ConfigureAwait(false);
            return nullable;
        }

        var values = new T[count];
        await WithinLimitAsync(rowGroup, field, ct => rowGroup.ReadAsync(field, values.AsMemory(), null, ct), cancellationToken).ConfigureAwait(false);
        return [.. values.Select(v => (T?)v)];
    }

    /// <summary>One column read of the Parquet library, within a limit that grows with the chunk's size (see <see cref="ParquetFiles.WithinLimitAsync"/>).</summary>
    private static Task WithinLimitAsync(ParquetRowGroupReader rowGroup, DataField field, Func<CancellationToken, ValueTask> read, CancellationToken cancellationToken)
    {
        var bytes = Math.Max(0, rowGroup.GetMetadata(field)?.MetaData?.TotalUncompressedSize ?? 0);
        return ParquetFiles.WithinLimitAsync(read, bytes, string.Create(CultureInfo.InvariantCulture, $"column '{field.Name}' ({bytes:N0} bytes)"), cancellationToken);
    }

    private static ParquetIds WholeNumbers(double?[] values)
    {
        const double exact = 1L << 53;
        var text = new string?[values.Length];
        string?[]? rejected = null;
        for (var r = 0; r < values.Length; r++)
        {
            if (values[r] is not { } value)
            {
                continue;
            }

            if (double.IsInteger(value) && Math.Abs(value) <= exact)
            {
                text[r] = ((long)value).ToString(CultureInfo.InvariantCulture);
            }
            else
            {
                rejected ??= new string?[values.Length];
                rejected[r] = value.ToString("R", CultureInfo.InvariantCulture);
            }
        }

        return new ParquetIds(text, rejected);
    }

    private static string?[] ToText<T>(T?[] values)
        where T : struct, IFormattable =>
        [.. values.Select(v => v?.ToString(null, CultureInfo.InvariantCulture))];

    private static NotSupportedException Unsupported(DataField field, string expected) =>
        new($"column '{field.Name}' has type {field.ClrType.Name}; expected {expected}");
}
