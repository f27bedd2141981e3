namespace Recommender.Server.Batching;

/// <summary>
/// Splits queued requests into runs of similar history length. A graph run pads every history to the longest of the
/// run, and requests arrive in no order, so one run over a mixed queue spends much of its time on padding; runs of
/// similar length cost less per user than one run per request, where a mixed run can cost more.
/// </summary>
internal static class LengthGroups
{
    public static IEnumerable<T[]> Split<T>(IReadOnlyList<T> requests, Func<T, int> length, int maxLength)
    {
        var sorted = requests.Select(r => (Request: r, Length: Math.Min(maxLength, length(r)))).OrderBy(r => r.Length).ToArray();
        var start = 0;
        for (var i = 1; i <= sorted.Length; i++)
        {
            // A run grows while its longest history is within an eighth (at least 4 items) of its shortest.
            if (i == sorted.Length || sorted[i].Length > sorted[start].Length + Math.Max(4, sorted[start].Length / 8))
            {
                yield return [.. sorted[start..i].Select(r => r.Request)];
                start = i;
            }
        }
    }
}
