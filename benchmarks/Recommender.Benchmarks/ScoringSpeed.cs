using System.Diagnostics;
using System.Globalization;
using Recommender.Data;
using Recommender.Scoring;
using Recommender.Training.Modeling;
using Recommender.Training.Training;
using static TorchSharp.torch;

namespace Recommender.Benchmarks;

/// <summary>
/// Scoring speed of the ML-1M-sized model (d=64, 2 blocks, 1 head, length 200) in one run: the exported bundle on
/// ONNX Runtime against the TorchSharp model in eager mode on the same batches (user vector, scores over the whole
/// catalog, seen items excluded, top-10), each both one batch at a time across all cores and one batch per core at
/// once; batch throughput, and single-user latency. Weights are those of <see cref="SpreadModel"/>, and the run
/// counts how many top-10 lists agree.
/// </summary>
internal static class ScoringSpeed
{
    public static async Task RunAsync(string input, int batchSize, int repeats, int latencyUsers, bool fused)
    {
        using var spread = await SpreadModel.LoadAsync(input, fused);
        var (split, items, model) = (spread.Split, spread.Items, spread.Model);
        var cores = Environment.ProcessorCount;
        using var session = new RecommenderSession(spread.Bundle, new RecommenderSessionOptions { BatchSize = batchSize });
        using var concurrent = new RecommenderSession(spread.Bundle, new RecommenderSessionOptions { BatchSize = batchSize, IntraOpThreads = 1, ConcurrentBatches = cores });
        var torchThreads = get_num_threads();

        // Ordered by the length the model reads, as the session batches them, so both sides score the very same batches.
        var histories = split.Test.Select(e => split.GetInput(e).ToArray()).OrderBy(h => Math.Min(h.Length, model.Options.MaxLength)).ToArray();
        var idHistories = histories.Select(h => (IEnumerable<string>)[.. h.Select(items.GetId)]).ToArray();
        Console.WriteLine($"{input}: {histories.Length:N0} users (test inputs, mean length {histories.Average(h => h.Length):F0}, the model reads the latest {model.Options.MaxLength}), {items.Count:N0} items, batches of {batchSize}, {(fused ? "fused attention (com.microsoft.MultiHeadAttention)" : "standard ONNX operators")}, {cores} cores");
        Console.WriteLine($"one batch at a time: ONNX Runtime intra-op threads automatic, TorchSharp threads {torchThreads}; {cores} batches at once: 1 thread each, on both");

        // Four ways to run the same batches, alternated within every repeat so that machine noise hits all alike.
        var ways = new (string Name, Func<long[][]> Run)[]
        {
            ("TorchSharp eager, one batch at a time", () => TorchTopK(model, histories, batchSize, 1)),
            ($"TorchSharp eager, {cores} batches at once", () => OnOneThreadEach(() => TorchTopK(model, histories, batchSize, cores), torchThreads)),
            ("ONNX Runtime, one batch at a time", () => Ids(session.RecommendBatch(idHistories, k: 10), items)),
            ($"ONNX Runtime, {cores} batches at once", () => Ids(concurrent.RecommendBatch(idHistories, k: 10), items)),
        };
        var tops = ways.Select(w => w.Run()).ToArray();
        for (var w = 1; w < ways.Length; w++)
        {
            var agree = Enumerable.Range(0, histories.Length).Count(u => tops[0][u].SequenceEqual(tops[w][u]));
            Console.WriteLine($"identical top-10 lists, {ways[w].Name} vs {ways[0].Name}: {agree:N0} of {histories.Length:N0}");
        }

        var rates = ways.Select(_ => new List<double>()).ToArray();
        for (var r = 0; r < repeats; r++)
        {
            for (var w = 0; w < ways.Length; w++)
            {
                var watch = Stopwatch.StartNew();
                ways[w].Run();
                rates[w].Add(histories.Length / watch.Elapsed.TotalSeconds);
            }
        }

        var medians = rates.Select(Median).ToArray();
        Console.WriteLine($"batch top-10, users/s (median of {repeats}):");
        for (var w = 0; w < ways.Length; w++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {ways[w].Name,-42} {medians[w],6:F0}   runs: {string.Join(", ", rates[w].Select(v => v.ToString("F0", CultureInfo.InvariantCulture)))}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ratio ONNX Runtime / TorchSharp eager: one batch at a time on both {medians[2] / medians[0]:F2}x | {cores} batches at once on both {medians[3] / medians[1]:F2}x | each at its best {Math.Max(medians[2], medians[3]) / Math.Max(medians[0], medians[1]):F2}x"));

        // Users in a seeded random order, so the latency sample has the data's mix of history lengths.
        var sample = idHistories.ToArray();
        new Random(3).Shuffle(sample);
        var latencies = new double[Math.Min(latencyUsers, sample.Length)];
        for (var u = 0; u < 50; u++)
        {
            session.Recommend(sample[u], k: 10);
        }

        for (var u = 0; u < latencies.Length; u++)
        {
            var watch = Stopwatch.StartNew();
            session.Recommend(sample[u], k: 10);
            latencies[u] = watch.Elapsed.TotalMilliseconds;
        }

        Array.Sort(latencies);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"single user, top-10 over the catalog, ms over {latencies.Length:N0} random users (mean history {sample.Take(latencies.Length).Average(h => h.Count()):F0}): p50 {Percentile(latencies, 0.50):F3} | p90 {Percentile(latencies, 0.90):F3} | p99 {Percentile(latencies, 0.99):F3} | max {latencies[^1]:F3}"));
        Console.WriteLine($"peak working set: {PeakMegabytes()} MB");
    }

    /// <summary>
    /// The TorchSharp model as it trains, scoring like the bundle's top-K graph: all positions, full scores, seen items
    /// masked, topk; <paramref name="concurrentBatches"/> batches at a time.
    /// </summary>
    private static long[][] TorchTopK(SequenceRecommender model, int[][] histories, int batchSize, int concurrentBatches)
    {
        var scorer = new TorchSequenceScorer(model, CPU);
        var result = new long[histories.Length][];
        using (no_grad())
        {
            // Without text the table is the embedding's own weight: it is not ours to dispose.
            var table = model.ItemTable();
            using var output = model.OutputTable(table).narrow(0, 0, model.ItemCount + 1);
            var batches = Enumerable.Range(0, (histories.Length + batchSize - 1) / batchSize).Select(b => b * batchSize);
            Parallel.ForEach(batches, new ParallelOptions { MaxDegreeOfParallelism = concurrentBatches }, start =>
            {
                // Gradient mode and dispose scopes belong to a thread.
                using var noGrad = no_grad();
                using var scope = NewDisposeScope();
                var batch = histories.Skip(start).Take(batchSize).Select(h => new ReadOnlyMemory<int>(h)).ToArray();
                var history = scorer.PackHistories(batch);
                var users = model.Encode(history, table).select(1, -1);
                var scores = matmul(users, output.t());
                // Every item of the history is excluded, also those before the latest MaxLength the model reads.
                var seen = AllSeen(batch);
                scores.scatter_(1, seen, full(seen.shape, float.NegativeInfinity));
                scores.select(1, 0).fill_(float.NegativeInfinity);
                var top = scores.topk(10).indexes.data<long>().ToArray();
                for (var b = 0; b < batch.Length; b++)
                {
                    result[start + b] = top[(b * 10)..((b + 1) * 10)];
                }
            });
        }

        return result;
    }

    /// <summary>Runs <paramref name="run"/> with libtorch on one thread per operator, then gives it <paramref name="threads"/> back.</summary>
    private static long[][] OnOneThreadEach(Func<long[][]> run, int threads)
    {
        set_num_threads(1);
        try
        {
            return run();
        }
        finally
        {
            set_num_threads(threads);
        }
    }

    private static long[][] Ids(IReadOnlyList<IReadOnlyList<Recommendation>> lists, IdMap items) =>
        [.. lists.Select(l => l.Select(r => (long)items[r.ItemId]).ToArray())];

    private static Tensor AllSeen(ReadOnlyMemory<int>[] batch)
    {
        var width = batch.Max(h => h.Length);
        var packed = new long[batch.Length * width];
        for (var b = 0; b < batch.Length; b++)
        {
            var history = batch[b].Span;
            for (var i = 0; i < history.Length; i++)
            {
                packed[b * width + i] = history[i];
            }
        }

        return tensor(packed, [batch.Length, width]);
    }

    internal static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    internal static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    /// <summary>The process's peak resident memory (VmHWM on Linux; the peak working set elsewhere).</summary>
    internal static long PeakMegabytes() => Status("VmHWM:") ?? Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024);

    /// <summary>The process's resident memory now (VmRSS on Linux; the working set elsewhere).</summary>
    internal static long ResidentMegabytes() => Status("VmRSS:") ?? Process.GetCurrentProcess().WorkingSet64 / (1024 * 1024);

    /// <summary>A memory field of /proc/self/status in MB, or null where there is none.</summary>
    internal static long? Status(string field)
    {
        const string status = "/proc/self/status";
        var line = File.Exists(status) ? File.ReadLines(status).FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal)) : null;
        return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }
}
