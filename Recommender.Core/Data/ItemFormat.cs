namespace Recommender.Data;

/// <summary>The file formats an item catalog can be read from.</summary>
public enum ItemFormat
{
    /// <summary>Detect the format from the file's name and content.</summary>
    Auto,

    /// <summary>MovieLens 1M <c>movies.dat</c>: <c>id::title::genres</c>, latin-1.</summary>
    MovieLens1M,

    /// <summary>MovieLens 100K <c>u.item</c>: <c>id|title|release date|video release date|url|19 genre flags</c>, latin-1.</summary>
    MovieLens100K,

    /// <summary>CSV with a header row: an id column, every other column a text field.</summary>
    Csv,

    /// <summary>Parquet: an id column, every other column a text field.</summary>
    Parquet,
}
