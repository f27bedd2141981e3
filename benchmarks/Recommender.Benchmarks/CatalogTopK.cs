using System.Diagnostics;
using System.Globalization;
using Recommender.Bundles;
using Recommender.Data;
using Recommender.Scoring;
using Recommender.Training.Export;
using Recommender.Training.Modeling;
using Recommender.Training.Native;
using static TorchSharp.torch;

namespace Recommender.Benchmarks;

/// <summary>
/// Top-100 over a synthetic catalog of a million items for one user at a time. A model of the ML-1M shape (d=64,
/// 2 blocks, length 200) with a million-row item table is exported to a bundle file; a fresh process then loads it
/// and answers queries, so its peak memory is the scoring side's alone and can be compared with the table's size.
/// </summary>
internal static class CatalogTopK
{
    public static int Run(int items, int queries)
    {
        var path = Path.Combine(Path.GetTempPath(), $"catalog-{items}.recbundle");
        var watch = Stopwatch.StartNew();
        Export(items, path);
        Console.WriteLine($"exported a {items:N0}-item bundle ({new FileInfo(path).Length / 1e6:F0} MB) in {watch.Elapsed.TotalSeconds:F0} s");
        try
        {
            return ChildProcess.RunAsync("catalog-topk-query", "--model", path, "--queries", queries.ToString(CultureInfo.InvariantCulture)).GetAwaiter().GetResult();
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static int Query(string path, int queries)
    {
        var before = ScoringSpeed.ResidentMegabytes();
        var watch = Stopwatch.StartNew();
        using var session = RecommenderSession.Load(path);
        var loadSeconds = watch.Elapsed.TotalSeconds;
        var afterLoad = ScoringSpeed.ResidentMegabytes();
        var loadBreakdown = Breakdown();
        var managed = GC.GetTotalMemory(forceFullCollection: true) / (1024 * 1024);
        var model = session.Bundle.Manifest.Model;
        var tableMegabytes = (model.ItemCount + 1L) * model.Dim * sizeof(float) / (1024.0 * 1024.0);
        var random = new Random(5);
        var ids = session.Bundle.Items;
        string[] History() => [.. Enumerable.Range(0, model.MaxHistory).Select(_ => ids.GetId(random.Next(1, model.ItemCount + 1)))];

        for (var i = 0; i < 3; i++)
        {
            session.Recommend(History(), k: 100);
        }

        var times = new double[queries];
        for (var i = 0; i < queries; i++)
        {
            var history = History();
            watch.Restart();
            var top = session.Recommend(history, k: 100);
            times[i] = watch.Elapsed.TotalMilliseconds;
            if (top.Count != 100)
            {
                throw new InvalidOperationException($"expected 100 items, got {top.Count}");
            }
        }

        Array.Sort(times);
        var peak = ScoringSpeed.PeakMegabytes();
        var afterQueries = ScoringSpeed.ResidentMegabytes();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"top-100 of {model.ItemCount:N0} items, one user with a {model.MaxHistory}-item history, ms over {queries} queries: p50 {ScoringSpeed.Percentile(times, 0.5):F1} | p90 {ScoringSpeed.Percentile(times, 0.9):F1} | max {times[^1]:F1}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"memory: item table {tableMegabytes:F0} MB; process {before} MB before loading, {afterLoad} MB after loading ({loadSeconds:F1} s; live managed heap {managed} MB), {afterQueries} MB after the queries, peak {peak} MB = {peak / tableMegabytes:F2}x the table; the queries added {afterQueries - afterLoad} MB"));
        Console.WriteLine($"resident memory by kind, after loading: {loadBreakdown}; after the queries: {Breakdown()}");
        return 0;
    }

    /// <summary>
    /// Resident memory split into file-backed pages (the runtime's and ONNX Runtime's code), the managed heap as the
    /// GC has it committed, and the remaining anonymous memory: native allocations, mostly ONNX Runtime's.
    /// </summary>
    private static string Breakdown()
    {
        var committed = GC.GetGCMemoryInfo().TotalCommittedBytes / (1024 * 1024);
        var anonymous = ScoringSpeed.Status("RssAnon:") ?? 0;
        return $"code and mapped files {ScoringSpeed.Status("RssFile:")} MB, managed heap committed {committed} MB, other native {anonymous - committed} MB";
    }

    /// <summary>Exports the untrained model with <paramref name="items"/> items; <paramref name="table"/> replaces its random item table when given (<c>[items + 1, 64]</c>).</summary>
    internal static void Export(int items, string path, float[]? table = null)
    {
        TorchSharpRuntime.EnsureLoadable();
        manual_seed(2);
        using var model = new SequenceRecommender(new SequenceModelOptions { UseText = false }, items);
        model.eval();
        var weights = new ModelWeights(model);
        var options = model.Options;
        var rows = items + 1;
        var ids = new IdMap(Enumerable.Range(1, items).Select(i => i.ToString(CultureInfo.InvariantCulture)));
        var graphs = OnnxGraphs.All(weights, fused: false);
        var bundle = new ModelBundle(new BundleModel(options.Dim, options.Layers, options.Heads, options.MaxLength, items, false, true, BundleModel.NextItem, 0),
            new BundleTraining("synthetic catalog for a speed benchmark (untrained)", 0, 0, new Dictionary<string, double>(), new Dictionary<string, string>()),
            new Dictionary<string, string>(), ids, null, graphs, table ?? weights.ItemTable[..(rows * options.Dim)], null, new int[rows], new string[rows].Select(_ => string.Empty).ToArray());
        bundle.Save(path);
    }
}
