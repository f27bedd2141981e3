namespace Recommender.Data;

/// <summary>
/// A row of an input file is malformed. The message names the file, the place in it
/// (line, or row group and row), what was found there and what was expected.
/// </summary>
public sealed class DataFormatException : Exception
{
    /// <summary>Creates the exception for a malformed row.</summary>
    public DataFormatException(string filePath, string location, string found, string expected)
        : base($"{filePath}: {location}: expected {Visible(expected)}, found {Quote(found)}.")
    {
        FilePath = filePath;
        Location = location;
        Found = found;
        Expected = expected;
    }

    /// <summary>Creates the exception for a file that cannot be read at all.</summary>
    public DataFormatException(string filePath, string message, Exception? inner = null)
        : base($"{filePath}: {Visible(message)}", inner)
    {
        FilePath = filePath;
        Location = string.Empty;
        Found = string.Empty;
        Expected = string.Empty;
    }

    private DataFormatException(string filePath, string location, string message, string found, string expected, Exception? inner)
        : base($"{filePath}: {location}: {Visible(message)}", inner)
    {
        FilePath = filePath;
        Location = location;
        Found = found;
        Expected = expected;
    }

    /// <summary>The file that holds the malformed row.</summary>
    public string FilePath { get; }

    /// <summary>Where in the file: "line 12" or "row group 0, row 5"; empty for whole-file problems.</summary>
    public string Location { get; }

    /// <summary>What the row held.</summary>
    public string Found { get; }

    /// <summary>What the format expects there.</summary>
    public string Expected { get; }

    /// <summary>An error at a place in the file that is not about one row's fields, e.g. bytes the encoding cannot decode.</summary>
    internal static DataFormatException At(string filePath, string location, string message, string found, string expected, Exception? inner = null) =>
        new(filePath, location, message, found, expected, inner);

    /// <summary>The text with control characters and NUL bytes written as escapes, so a message never carries them raw.</summary>
    internal static string Visible(string text)
    {
        if (!text.Any(char.IsControl))
        {
            return text;
        }

        var shown = new System.Text.StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            shown.Append(c switch
            {
                '\0' => "\\0",
                '\t' => "\\t",
                '\r' => "\\r",
                '\n' => "\\n",
                _ when char.IsControl(c) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"),
                _ => c.ToString(),
            });
        }

        return shown.ToString();
    }

    private static string Quote(string found)
    {
        const int max = 120;
        var shown = found.Length > max ? string.Concat(found.AsSpan(0, max), "…") : found;
        return $"'{Visible(shown)}'";
    }
}
