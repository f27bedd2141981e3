using System.Globalization;

namespace Recommender.Data.Readers;

/// <summary>Field parsers shared by the text formats; each returns null and an error on bad input.</summary>
internal static class RowParsing
{
    public static readonly char[] Whitespace = [' ', '\t'];

    public static bool TryId(string field, string what, out string id, out RowError error)
    {
        id = field.Trim();
        error = default;
        if (id.Length == 0)
        {
            error = new RowError(field, $"a non-empty {what}");
            return false;
        }

        return true;
    }

    public static bool TryRating(string field, out float rating, out RowError error)
    {
        error = default;
        if (float.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out rating) && float.IsFinite(rating))
        {
            return true;
        }

        error = new RowError(field, "a rating (a finite number such as 4 or 3.5)");
        return false;
    }

    /// <summary>An integer timestamp in any unit, or an ISO 8601 date-time read as Unix seconds.</summary>
    public static bool TryTimestamp(string field, out long timestamp, out RowError error)
    {
        error = default;
        if (long.TryParse(field, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out timestamp))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(field, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            timestamp = time.ToUnixTimeSeconds();
            return true;
        }

        error = new RowError(field, "a timestamp (an integer such as 978300760, or an ISO 8601 date-time)");
        return false;
    }

    public static string Line(long number) => string.Create(CultureInfo.InvariantCulture, $"line {number}");

    public static string Row(int rowGroup, long row) => string.Create(CultureInfo.InvariantCulture, $"row group {rowGroup}, row {row}");
}
