using System.Runtime.CompilerServices;

namespace Recommender.Data.Readers;

/// <summary>One user per line, <c>user item item item ...</c>, the items in time order.</summary>
internal sealed class SequenceLineSource(string path, TextEncoding encoding) : IInteractionSource
{
    public async IAsyncEnumerable<InteractionRecord> ReadAsync(
        ReadReport report, BadRowHandler badRows, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var firstLineOfUser = new Dictionary<string, long>(StringComparer.Ordinal);
        await foreach (var (number, line) in TextLines.ReadAsync(path, encoding, report, cancellationToken).ConfigureAwait(false))
        {
            var fields = line.Split(RowParsing.Whitespace, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 2)
            {
                badRows.Handle(RowParsing.Line(number), new RowError(line, "a user id followed by at least one item id"));
                continue;
            }

            if (!firstLineOfUser.TryAdd(fields[0], number))
            {
                badRows.Handle(RowParsing.Line(number), new RowError(fields[0], $"each user on one line only (this user's line is line {firstLineOfUser[fields[0]]})"));
                continue;
            }

            report.CountRead();
            for (var i = 1; i < fields.Length; i++)
            {
                yield return new InteractionRecord(fields[0], fields[i]);
            }
        }
    }
}
