using System.Diagnostics;
using System.Globalization;
using Recommender.Scoring;

namespace Recommender.LoadTest;

/// <summary>
/// The session alone, in this process, on the same histories: one user per call and batches of 8 and 32, each on one
/// thread, so the HTTP figures can be read against what the graph runs themselves cost on this machine now.
/// </summary>
internal static class DirectBaseline
{
    public static void Run(string bundlePath, string[][] histories, int k, TimeSpan each)
    {
        using var session = RecommenderSession.Load(bundlePath, new RecommenderSessionOptions { IntraOpThreads = 1 });
        Measure("session.Recommend, 1 user a call", each, histories, 1, batch => session.Recommend(batch[0], k));
        foreach (var size in new[] { 8, 32 })
        {
            Measure($"session.RecommendBatch, {size} users a call", each, histories, size, batch => session.RecommendBatch(batch, k));
            Measure($"session.RecommendBatch, {size} users split by length", each, histories, size, batch =>
            {
                foreach (var group in SimilarLengths(batch, 200))
                {
                    session.RecommendBatch(group, k);
                }
            });
        }
    }

    public static IEnumerable<IReadOnlyList<IEnumerable<string>>> SimilarLengths(IReadOnlyList<IEnumerable<string>> batch, int max)
    {
        var sorted = batch.Select(h => (History: h, Length: Math.Min(max, h.Count()))).OrderBy(h => h.Length).ToList();
        var start = 0;
        for (var i = 1; i <= sorted.Count; i++)
        {
            if (i == sorted.Count || sorted[i].Length > sorted[start].Length + Math.Max(4, sorted[start].Length / 8))
            {
                yield return [.. sorted.Skip(start).Take(i - start).Select(h => h.History)];
                start = i;
            }
        }
    }

    private static void Measure(string label, TimeSpan duration, string[][] histories, int size, Action<IReadOnlyList<IEnumerable<string>>> run)
    {
        var next = 0;
        IReadOnlyList<IEnumerable<string>> Take()
        {
            var batch = new IEnumerable<string>[size];
            for (var i = 0; i < size; i++)
            {
                batch[i] = histories[next++ % histories.Length];
            }

            return batch;
        }

        for (var i = 0; i < 20; i++)
        {
            run(Take());
        }

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        long users = 0;
        while (Stopwatch.GetElapsedTime(started) < duration)
        {
            run(Take());
            users += size;
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {label} | {users / seconds:N0} users/s | {1000 * cpuSeconds / users:F3} CPU ms/user |"));
    }
}
