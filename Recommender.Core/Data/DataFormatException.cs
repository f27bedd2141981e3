namespace Recommender.Data;

/// <summary>
/// A row of an input file is malformed. The message names the file, the place in it
/// (line, or row group and row), what was found there and what was expected.
/// </summary>
public sealed class DataFormatException : Exception
{
    /// <summary>Creates the exception for a malformed row.</summary>
    public DataFormatException(string filePath, string location, string found, string expected)
        : base($"{filePath}: {location}: expected {expected}, found {Quote(found)}.")
    {
        FilePath = filePath;
        Location = location;
        Found = found;
        Expected = expected;
    }

    /// <summary>Creates the exception for a file that cannot be read at all.</summary>
    public DataFormatException(string filePath, string message, Exception? inner = null)
        : base($"{filePath}: {message}", inner)
    {
        FilePath = filePath;
        Location = string.Empty;
        Found = string.Empty;
        Expected = string.Empty;
    }

    /// <summary>The file that holds the malformed row.</summary>
    public string FilePath { get; }

    /// <summary>Where in the file: "line 12" or "row group 0, row 5"; empty for whole-file problems.</summary>
    public string Location { get; }

    /// <summary>What the row held.</summary>
    public string Found { get; }

    /// <summary>What the format expects there.</summary>
    public string Expected { get; }

    private static string Quote(string found)
    {
        const int max = 120;
        var shown = found.Length > max ? string.Concat(found.AsSpan(0, max), "…") : found;
        return $"'{shown}'";
    }
}
