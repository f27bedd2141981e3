using System.Diagnostics;
using System.Globalization;
using Recommender.Scoring;
using Recommender.Training.Modeling;
using Recommender.Training.Training;
using static TorchSharp.torch;

namespace Recommender.Benchmarks;

/// <summary>
/// Scoring speed of the ML-1M-sized model (d=64, 2 blocks, 1 head, length 200) in one run: the exported bundle on
/// ONNX Runtime against the TorchSharp model in eager mode on the same batches (user vector, scores over the whole
/// catalog, seen items excluded, top-10), batch throughput, and single-user latency. Weights are those of
/// <see cref="SpreadModel"/>, and the run counts how many top-10 lists the two agree on.
/// </summary>
internal static class ScoringSpeed
{
    public static async Task RunAsync(string input, int batchSize, int repeats, int latencyUsers, bool fused)
    {
        using var spread = await SpreadModel.LoadAsync(input, fused);
        var (split, items, model) = (spread.Split, spread.Items, spread.Model);
        using var session = new RecommenderSession(spread.Bundle, new RecommenderSessionOptions { BatchSize = batchSize });

        // Ordered by the length the model reads, as the session batches them, so both sides score the very same batches.
        var histories = split.Test.Select(e => split.GetInput(e).ToArray()).OrderBy(h => Math.Min(h.Length, model.Options.MaxLength)).ToArray();
        var idHistories = histories.Select(h => (IEnumerable<string>)[.. h.Select(items.GetId)]).ToArray();
        Console.WriteLine($"{input}: {histories.Length:N0} users (test inputs, mean length {histories.Average(h => h.Length):F0}, the model reads the latest {model.Options.MaxLength}), {items.Count:N0} items, batches of {batchSize}, {(fused ? "fused attention (com.microsoft.MultiHeadAttention)" : "standard ONNX operators")}, {Environment.ProcessorCount} cores, ONNX Runtime intra-op threads: automatic, TorchSharp threads: {get_num_threads()}");

        // Warm both up, then alternate so that machine noise hits both alike.
        var torchTop = TorchTopK(model, histories, batchSize);
        var onnxTop = session.RecommendBatch(idHistories, k: 10);
        var agree = Enumerable.Range(0, histories.Length).Count(u => torchTop[u].Select(i => items.GetId((int)i)).SequenceEqual(onnxTop[u].Select(r => r.ItemId)));
        var torchRates = new List<double>();
        var onnxRates = new List<double>();
        for (var r = 0; r < repeats; r++)
        {
            var watch = Stopwatch.StartNew();
            TorchTopK(model, histories, batchSize);
            torchRates.Add(histories.Length / watch.Elapsed.TotalSeconds);
            watch.Restart();
            session.RecommendBatch(idHistories, k: 10);
            onnxRates.Add(histories.Length / watch.Elapsed.TotalSeconds);
        }

        var torchRate = Median(torchRates);
        var onnxRate = Median(onnxRates);
        Console.WriteLine($"identical top-10 lists (TorchSharp vs ONNX Runtime): {agree:N0} of {histories.Length:N0}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"batch top-10, users/s (median of {repeats}): TorchSharp eager {torchRate:F0} | ONNX Runtime {onnxRate:F0} | ratio {onnxRate / torchRate:F2}x"));
        Console.WriteLine($"  runs, TorchSharp: {string.Join(", ", torchRates.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)))}; ONNX Runtime: {string.Join(", ", onnxRates.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)))}");

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

    /// <summary>The TorchSharp model as it trains, scoring like the bundle's top-K graph: all positions, full scores, seen items masked, topk.</summary>
    private static long[][] TorchTopK(SequenceRecommender model, int[][] histories, int batchSize)
    {
        using var noGrad = no_grad();
        var scorer = new TorchSequenceScorer(model, CPU);
        var table = model.ItemTable();
        using var output = model.OutputTable(table).narrow(0, 0, model.ItemCount + 1);
        var result = new long[histories.Length][];
        for (var start = 0; start < histories.Length; start += batchSize)
        {
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
        }

        return result;
    }

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
