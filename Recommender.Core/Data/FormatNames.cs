namespace Recommender.Data;

/// <summary>The names formats go by on the command line and in reports.</summary>
public static class FormatNames
{
    /// <summary>The name of an interaction format, e.g. "movielens-1m".</summary>
    public static string Of(InteractionFormat format) => format switch
    {
        InteractionFormat.Auto => "auto",
        InteractionFormat.MovieLens1M => "movielens-1m",
        InteractionFormat.MovieLens100K => "movielens-100k",
        InteractionFormat.InteractionText => "interactions-text",
        InteractionFormat.SequenceText => "sequences-text",
        InteractionFormat.Csv => "csv",
        InteractionFormat.Parquet => "parquet",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    /// <summary>The name of an item format, e.g. "movielens-1m".</summary>
    public static string Of(ItemFormat format) => format switch
    {
        ItemFormat.Auto => "auto",
        ItemFormat.MovieLens1M => "movielens-1m",
        ItemFormat.MovieLens100K => "movielens-100k",
        ItemFormat.Csv => "csv",
        ItemFormat.Parquet => "parquet",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    /// <summary>Parses an interaction format name (as <see cref="Of(InteractionFormat)"/> writes it).</summary>
    /// <exception cref="FormatException">The name is not a known format.</exception>
    public static InteractionFormat ParseInteractionFormat(string name) =>
        Enum.GetValues<InteractionFormat>().FirstOrDefault(f => string.Equals(Of(f), name.Trim(), StringComparison.OrdinalIgnoreCase), (InteractionFormat)(-1)) is var f && Enum.IsDefined(f)
            ? f
            : throw new FormatException($"Unknown format '{name}'; expected one of {string.Join(", ", Enum.GetValues<InteractionFormat>().Select(Of))}.");

    /// <summary>Parses an item format name.</summary>
    /// <exception cref="FormatException">The name is not a known format.</exception>
    public static ItemFormat ParseItemFormat(string name) =>
        Enum.GetValues<ItemFormat>().FirstOrDefault(f => string.Equals(Of(f), name.Trim(), StringComparison.OrdinalIgnoreCase), (ItemFormat)(-1)) is var f && Enum.IsDefined(f)
            ? f
            : throw new FormatException($"Unknown item format '{name}'; expected one of {string.Join(", ", Enum.GetValues<ItemFormat>().Select(Of))}.");
}
