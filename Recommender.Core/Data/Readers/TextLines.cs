using System.Runtime.CompilerServices;
using System.Text;

namespace Recommender.Data.Readers;

/// <summary>Streams a text file's lines with their 1-based numbers, counting and passing over blank lines.</summary>
internal static class TextLines
{
    public static async IAsyncEnumerable<(long Number, string Text)> ReadAsync(
        string path, Encoding encoding, ReadReport report, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = OpenText(path, encoding);
        long number = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                report.CountIgnored();
                continue;
            }

            yield return (number, line);
        }
    }

    /// <summary>The first <paramref name="count"/> non-blank lines, for format detection.</summary>
    public static List<string> Peek(string path, Encoding encoding, int count)
    {
        using var reader = OpenText(path, encoding);
        var lines = new List<string>(count);
        while (lines.Count < count && reader.ReadLine() is { } line)
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                lines.Add(line);
            }
        }

        return lines;
    }

    private static StreamReader OpenText(string path, Encoding encoding) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan), encoding, detectEncodingFromByteOrderMarks: true);
}
