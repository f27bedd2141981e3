using Parquet.Schema;

namespace Recommender.Data.Readers;

/// <summary>
/// One row group's id column as text. Ids stored as floating point are accepted when they are whole numbers that a
/// double holds exactly (54.0 is "54"); any other value would silently become a new id, so it is kept in
/// <see cref="Rejected"/> for the row to be reported.
/// </summary>
internal sealed record ParquetIds(string?[] Values, string?[]? Rejected)
{
    /// <summary>The error for row <paramref name="row"/> when its value was rejected; null otherwise.</summary>
    public RowError? Error(int row, DataField field) => Rejected?[row] is { } value
        ? new RowError(value, $"a whole-number id in column '{field.Name}', which holds {field.ClrType.Name} values (an id with a fraction, NaN or infinity, or beyond 2^53, is not an id)")
        : null;
}
