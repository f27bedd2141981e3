using System.Runtime.CompilerServices;
using System.Text;

namespace Recommender.Data.Readers;

/// <summary>Streams a text file's lines (decompressed when it is gzip) with their 1-based numbers, counting and passing over blank lines.</summary>
internal static class TextLines
{
    public static async IAsyncEnumerable<(long Number, string Text)> ReadAsync(
        string path, TextEncoding encoding, ReadReport report, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = OpenText(path, encoding);
        long number = 0;
        while (await NextAsync(reader, path, encoding, number + 1, cancellationToken).ConfigureAwait(false) is { } line)
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
    public static List<string> Peek(string path, TextEncoding encoding, int count)
    {
        using var reader = OpenText(path, encoding);
        var lines = new List<string>(count);
        long number = 0;
        while (lines.Count < count && Next(reader, path, encoding, ++number) is { } line)
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                lines.Add(line);
            }
        }

        return lines;
    }

    private static async ValueTask<string?> NextAsync(StreamReader reader, string path, TextEncoding encoding, long number, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DecoderFallbackException e)
        {
            throw UndecodableText.Error(path, encoding, e);
        }
        catch (InvalidDataException e)
        {
            throw InputStreams.Corrupt(path, RowParsing.Line(number), e);
        }
    }

    private static string? Next(StreamReader reader, string path, TextEncoding encoding, long number)
    {
        try
        {
            return reader.ReadLine();
        }
        catch (DecoderFallbackException e)
        {
            throw UndecodableText.Error(path, encoding, e);
        }
        catch (InvalidDataException e)
        {
            throw InputStreams.Corrupt(path, RowParsing.Line(number), e);
        }
    }

    private static StreamReader OpenText(string path, TextEncoding encoding)
    {
        var stream = InputStreams.Open(path);
        try
        {
            InputStreams.Read(path, stream, stackalloc byte[encoding.PreambleLength], 0);
            return new StreamReader(stream, encoding.Encoding, detectEncodingFromByteOrderMarks: false, 1 << 16);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }
}
