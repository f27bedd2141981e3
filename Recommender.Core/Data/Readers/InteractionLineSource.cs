using System.Runtime.CompilerServices;

namespace Recommender.Data.Readers;

/// <summary>
/// Interactions one per line: MovieLens <c>ratings.dat</c> (<c>::</c>), MovieLens <c>u.data</c> (tabs), or
/// <c>user item [rating] [timestamp]</c> separated by any whitespace, where the first line fixes how many fields every line has.
/// </summary>
internal sealed class InteractionLineSource(string path, TextEncoding encoding, InteractionFormat format) : IInteractionSource
{
    public async IAsyncEnumerable<InteractionRecord> ReadAsync(
        ReadReport report, BadRowHandler badRows, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var fieldCount = format is InteractionFormat.MovieLens1M or InteractionFormat.MovieLens100K ? 4 : 0;
        long firstLine = 0;
        await foreach (var (number, line) in TextLines.ReadAsync(path, encoding, report, cancellationToken).ConfigureAwait(false))
        {
            var fields = Split(line);
            if (fieldCount == 0 && fields.Length is >= 2 and <= 4)
            {
                fieldCount = fields.Length;
                firstLine = number;
            }

            if (fields.Length != fieldCount)
            {
                badRows.Handle(RowParsing.Line(number), new RowError(line, ExpectedFields(fieldCount, firstLine)));
                continue;
            }

            if (TryParse(fields, out var record, out var error))
            {
                report.CountRead();
                yield return record;
            }
            else
            {
                badRows.Handle(RowParsing.Line(number), error);
            }
        }
    }

    private string[] Split(string line) => format switch
    {
        InteractionFormat.MovieLens1M => line.Split("::"),
        InteractionFormat.MovieLens100K => line.Split('\t'),
        _ => line.Split(RowParsing.Whitespace, StringSplitOptions.RemoveEmptyEntries),
    };

    private string ExpectedFields(int count, long firstLine) => format switch
    {
        InteractionFormat.MovieLens1M => "4 fields 'user::item::rating::timestamp'",
        InteractionFormat.MovieLens100K => "4 tab-separated fields 'user item rating timestamp'",
        _ when count == 0 => "2 to 4 whitespace-separated fields 'user item [rating] [timestamp]'",
        _ => $"{count} whitespace-separated fields, as on line {firstLine} ('user item [rating] [timestamp]')",
    };

    private static bool TryParse(string[] fields, out InteractionRecord record, out RowError error)
    {
        record = default;
        if (!RowParsing.TryId(fields[0], "user id", out var user, out error)
            || !RowParsing.TryId(fields[1], "item id", out var item, out error))
        {
            return false;
        }

        float? rating = null;
        long? timestamp = null;
        if (fields.Length >= 3)
        {
            if (!RowParsing.TryRating(fields[2], out var r, out error))
            {
                return false;
            }

            rating = r;
        }

        if (fields.Length == 4)
        {
            if (!RowParsing.TryTimestamp(fields[3], out var t, out error))
            {
                return false;
            }

            timestamp = t;
        }

        record = new InteractionRecord(user, item, timestamp, rating);
        return true;
    }
}
