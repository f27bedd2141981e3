using System.Runtime.CompilerServices;

namespace Recommender.Data.Readers;

/// <summary>Streams a CSV file's header and records, each with the line it starts on.</summary>
internal static class CsvRecords
{
    public static async IAsyncEnumerable<(long Line, string[] Fields)> ReadAsync(
        string path, TextEncoding encoding, ReadReport report, BadRowHandler badRows, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var parser = new CsvRecordParser();
        long start = 0;
        string? firstLineText = null;
        await foreach (var (number, line) in TextLines.ReadAsync(path, encoding, report, cancellationToken).ConfigureAwait(false))
        {
            if (!parser.IsInsideQuotes)
            {
                start = number;
                firstLineText = line;
            }

            bool complete;
            try
            {
                complete = parser.Feed(line);
            }
            catch (FormatException e)
            {
                parser.Reset();
                badRows.Handle(RowParsing.Line(number), new RowError(line, e.Message));
                continue;
            }

            if (complete)
            {
                yield return (start, parser.TakeRecord());
            }
        }

        if (parser.IsInsideQuotes)
        {
            badRows.Handle(RowParsing.Line(start), new RowError(firstLineText ?? string.Empty, "a closing quote before the end of the file"));
        }
    }
}
