using System.Globalization;

namespace Recommender.Data;

/// <summary>
/// Which columns of a CSV or Parquet file hold the user, item, timestamp, rating, and item text.
/// A name left <see langword="null"/> is found among common spellings (e.g. <c>user_id</c>, <c>userId</c>, <c>movieId</c>), ignoring case.
/// </summary>
public sealed record ColumnMapping
{
    internal static readonly string[] UserAliases = ["user", "user_id", "userid", "uid", "customer_id", "session_id"];
    internal static readonly string[] ItemAliases = ["item", "item_id", "itemid", "iid", "movie_id", "movieid", "product_id", "productid"];
    internal static readonly string[] TimestampAliases = ["timestamp", "time", "ts", "datetime", "date", "event_time"];
    internal static readonly string[] RatingAliases = ["rating", "score", "stars"];

    /// <summary>The user id column.</summary>
    public string? User { get; init; }

    /// <summary>The item id column (in an item file: the id column).</summary>
    public string? Item { get; init; }

    /// <summary>The timestamp column: integers (any unit) or ISO 8601 date-times (read as Unix seconds). Optional.</summary>
    public string? Timestamp { get; init; }

    /// <summary>The rating column. Optional.</summary>
    public string? Rating { get; init; }

    /// <summary>
    /// Parses <c>user=COL,item=COL,time=COL,rating=COL</c> (any subset; <c>timestamp</c> is accepted for <c>time</c>).
    /// </summary>
    /// <exception cref="FormatException">A part is not <c>key=column</c> or names an unknown key.</exception>
    public static ColumnMapping Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var mapping = new ColumnMapping();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == part.Length - 1)
            {
                throw new FormatException($"Column mapping '{part}' must look like key=column, e.g. user=UserId.");
            }

            var column = part[(eq + 1)..].Trim();
            mapping = part[..eq].Trim().ToLower(CultureInfo.InvariantCulture) switch
            {
                "user" => mapping with { User = column },
                "item" => mapping with { Item = column },
                "time" or "timestamp" => mapping with { Timestamp = column },
                "rating" => mapping with { Rating = column },
                var key => throw new FormatException($"Unknown column mapping key '{key}'; expected user, item, time or rating."),
            };
        }

        return mapping;
    }

    /// <summary>The index in <paramref name="header"/> of the explicit name, or of the first alias found; -1 when absent.</summary>
    internal static int Find(IReadOnlyList<string> header, string? name, string[] aliases)
    {
        if (name is not null)
        {
            return IndexOf(header, name);
        }

        foreach (var alias in aliases)
        {
            var index = IndexOf(header, alias);
            if (index >= 0)
            {
                return index;
            }
        }

        return -1;
    }

    private static int IndexOf(IReadOnlyList<string> header, string name)
    {
        for (var i = 0; i < header.Count; i++)
        {
            if (string.Equals(header[i].Trim(), name, StringComparison.OrdinalIgnoreCase)
                || string.Equals(header[i].Replace("_", "", StringComparison.Ordinal).Trim(), name.Replace("_", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
