namespace Recommender.Data;

/// <summary>The file formats interactions can be read from.</summary>
public enum InteractionFormat
{
    /// <summary>Detect the format from the file's name and content.</summary>
    Auto,

    /// <summary>MovieLens 1M <c>ratings.dat</c>: <c>user::item::rating::timestamp</c>, latin-1.</summary>
    MovieLens1M,

    /// <summary>MovieLens 100K <c>u.data</c>: tab-separated <c>user item rating timestamp</c>, latin-1.</summary>
    MovieLens100K,

    /// <summary>One interaction per line: <c>user item [rating] [timestamp]</c>, whitespace-separated; line order is time order when there is no timestamp.</summary>
    InteractionText,

    /// <summary>One user per line: <c>user item item item ...</c>, items in time order.</summary>
    SequenceText,

    /// <summary>CSV with a header row; columns chosen by <see cref="ColumnMapping"/>.</summary>
    Csv,

    /// <summary>Parquet with user, item and optional timestamp and rating columns.</summary>
    Parquet,
}
