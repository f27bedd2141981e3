using System.Diagnostics;
using System.Globalization;
using Parquet;
using Parquet.Schema;
using Recommender.BatchScoring;
using Recommender.Scoring;

namespace Recommender.Benchmarks;

/// <summary>
/// Exact against approximate top-10 over synthetic catalogs of millions of items (d=64): recall@10 of the
/// approximate lists against the exact ones, users per second of each, the index's build and load time, and memory.
/// The item table has the structure of a trained one: items in clusters of about a thousand around random centres.
/// Users read one cluster mostly (histories of 20–200 items, four in five from their cluster), and the model is the
/// untrained one of <see cref="CatalogTopK"/>, whose user vectors follow the history's latest items. Each catalog is
/// measured in a fresh process.
/// </summary>
internal static class ApproximateTopKSpeed
{
    private const int Dim = 64;
    private const int ClusterSize = 1000;
    private const int CeilingItems = 1000;

    public static async Task<int> RunAsync(int[] sizes, int users, int exactUsers, string[] indexArguments, string lengths)
    {
        // The same encoder over a catalog too small to cost anything: its speed is the ceiling of any top-K search.
        var ceiling = Directory.CreateTempSubdirectory("approximate-topk-ceiling-");
        var ceilingModel = Path.Combine(ceiling.FullName, "encoder.recbundle");
        CatalogTopK.Export(CeilingItems, ceilingModel, Table(CeilingItems));
        try
        {
            return await RunAllAsync(sizes, users, exactUsers, [.. indexArguments, "--ceiling-model", ceilingModel], lengths);
        }
        finally
        {
            ceiling.Delete(recursive: true);
        }
    }

    private static async Task<int> RunAllAsync(int[] sizes, int users, int exactUsers, string[] indexArguments, string lengths)
    {
        foreach (var items in sizes)
        {
            var directory = Directory.CreateTempSubdirectory("approximate-topk-");
            try
            {
                var path = Path.Combine(directory.FullName, "catalog.recbundle");
                var watch = Stopwatch.StartNew();
                CatalogTopK.Export(items, path, Table(items));
                Console.WriteLine($"exported a {items:N0}-item bundle ({new FileInfo(path).Length / 1e6:F0} MB) in {watch.Elapsed.TotalSeconds:F0} s");
                var exitCode = await ChildProcess.RunAsync(["approximate-topk-run", "--model", path, "--users", $"{users}", "--exact-users", $"{exactUsers}", "--lengths", lengths, .. indexArguments]);
                if (exitCode != 0)
                {
                    return exitCode;
                }
            }
            finally
            {
                directory.Delete(recursive: true);
            }
        }

        return 0;
    }

    public static async Task<int> RunOneAsync(string model, string? ceilingModel, int users, int exactUsers, ApproximateTopKOptions index, int[] depths, (int Shortest, int Longest)[] lengths)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(model))!;
        var batchOptions = new RecommenderSessionOptions { IntraOpThreads = 1, ConcurrentBatches = Environment.ProcessorCount };
        var exactOptions = batchOptions with { TopKSearch = TopKSearch.Exact };
        var approximate = batchOptions with { TopKSearch = TopKSearch.Approximate, Approximate = index };
        var items = RecommenderSessionBundleItems(model);

        foreach (var file in Directory.EnumerateFiles(directory, "*.hnsw"))
        {
            File.Delete(file);
        }

        var watch = Stopwatch.StartNew();
        var rssBefore = ScoringSpeed.ResidentMegabytes();
        using (var session = RecommenderSession.Load(model, approximate))
        {
            Console.WriteLine(Line($"  index built in {watch.Elapsed.TotalSeconds:F1} s (M = {index.Connectivity}, ef construction = {index.ExpansionAdd}, {index.Precision}, oversampling {index.Oversampling}, {Environment.ProcessorCount} threads): index {session.IndexMemoryBytes / (1024.0 * 1024.0):F0} MB by USearch's count, file {new FileInfo(Directory.EnumerateFiles(directory, "*.hnsw").Single()).Length / (1024.0 * 1024.0):F0} MB; process {rssBefore} MB before, {ScoringSpeed.ResidentMegabytes()} MB after"));
        }

        foreach (var (shortest, longest) in lengths)
        {
            var histories = Histories(users, items, shortest, longest);
            var measured = histories.Take(exactUsers).ToArray();
            Console.WriteLine($"  {users:N0} users with histories of {shortest}-{longest} items (exact: the first {measured.Length:N0})");
            var input = Path.Combine(directory, "users.parquet");
            var exactInput = Path.Combine(directory, "exact-users.parquet");
            await WriteAsync(input, histories);
            await WriteAsync(exactInput, measured);

            if (ceilingModel is not null)
            {
                using var encoderOnly = RecommenderSession.Load(ceilingModel, exactOptions);
                var (_, seconds) = Recommend(encoderOnly, Histories(users, CeilingItems, shortest, longest));
                Console.WriteLine(Line($"    the user encoder alone (exact top-K over {CeilingItems:N0} items, the same graphs): {users / seconds:N0} users/s, the most any top-K search reaches"));
            }

            List<string[]> exact;
            using (var session = RecommenderSession.Load(model, exactOptions))
            {
                var (lists, seconds) = Recommend(session, measured);
                exact = lists;
                var job = await BatchScorer.ScoreAsync(session, await HistoryFile.OpenAsync(exactInput), Path.Combine(directory, "recs.parquet"));
                Console.WriteLine(Line($"    exact: {measured.Length / seconds:N0} users/s (batch job {job.UsersScored / job.Elapsed.TotalSeconds:N0}); one user at a time {Latency(session, measured):F2} ms (median)"));
            }

            foreach (var depth in depths)
            {
                watch.Restart();
                using var session = RecommenderSession.Load(model, approximate with { Approximate = approximate.Approximate with { ExpansionSearch = depth } });
                var load = watch.Elapsed.TotalSeconds;
                var (lists, seconds) = Recommend(session, histories);
                var recall = measured.Select((_, u) => lists[u].Intersect(exact[u]).Count() / (double)exact[u].Length).Average();
                var job = await BatchScorer.ScoreAsync(session, await HistoryFile.OpenAsync(input), Path.Combine(directory, "recs.parquet"));
                Console.WriteLine(Line($"    approximate, ef search {depth}: recall@10 {recall:F4}; {histories.Length / seconds:N0} users/s (batch job {job.UsersScored / job.Elapsed.TotalSeconds:N0}); one user at a time {Latency(session, measured):F2} ms (median); kept index loaded in {load:F1} s"));
            }
        }

        Console.WriteLine(Line($"  peak resident memory of the process {ScoringSpeed.PeakMegabytes()} MB"));
        return 0;
    }

    private static int RecommenderSessionBundleItems(string model) => Recommender.Bundles.ModelBundle.Load(model).Manifest.Model.ItemCount;

    private static (List<string[]> Lists, double Seconds) Recommend(RecommenderSession session, string[][] histories)
    {
        // Warm up on other users, then score in the batch job's batches.
        session.RecommendBatch([.. histories.Take(64)], 10);
        var lists = new List<string[]>(histories.Length);
        var watch = Stopwatch.StartNew();
        foreach (var chunk in histories.Chunk(1024))
        {
            lists.AddRange(session.RecommendBatch(chunk, 10).Select(r => r.Select(x => x.ItemId).ToArray()));
        }

        return (lists, watch.Elapsed.TotalSeconds);
    }

    /// <summary>History length ranges <c>20-200,3-20</c>.</summary>
    public static (int Shortest, int Longest)[] Lengths(string text) =>
        [.. text.Split(',').Select(range => range.Split('-')).Select(p => (int.Parse(p[0], CultureInfo.InvariantCulture), int.Parse(p[1], CultureInfo.InvariantCulture)))];

    /// <summary>The median time of one <see cref="RecommenderSession.Recommend"/> call, as a server answers one request: 200 users.</summary>
    private static double Latency(RecommenderSession session, string[][] histories)
    {
        var times = histories.Take(200).Select(history =>
        {
            var watch = Stopwatch.StartNew();
            session.Recommend(history, 10);
            return watch.Elapsed.TotalMilliseconds;
        }).Order().ToArray();
        return times[times.Length / 2];
    }

    private static float[] Table(int items)
    {
        var random = new Random(3);
        var clusters = Math.Max(1, items / ClusterSize);
        var scale = 1 / MathF.Sqrt(Dim);
        var centres = new float[clusters * Dim];
        for (var i = 0; i < centres.Length; i++)
        {
            centres[i] = Gaussian(random) * scale;
        }

        var table = new float[(items + 1L) * Dim <= int.MaxValue ? (items + 1) * Dim : throw new ArgumentOutOfRangeException(nameof(items))];
        for (var item = 1; item <= items; item++)
        {
            var centre = (item - 1) % clusters;
            for (var d = 0; d < Dim; d++)
            {
                table[item * Dim + d] = centres[centre * Dim + d] + 0.5f * Gaussian(random) * scale;
            }
        }

        return table;
    }

    private static string[][] Histories(int users, int items, int shortest, int longest)
    {
        var random = new Random(17);
        var clusters = Math.Max(1, items / ClusterSize);
        var histories = new string[users][];
        for (var u = 0; u < users; u++)
        {
            var cluster = random.Next(clusters);
            var length = random.Next(shortest, longest + 1);
            histories[u] = new string[length];
            for (var i = 0; i < length; i++)
            {
                var item = random.NextDouble() < 0.8 ? 1 + cluster + clusters * random.Next((items - 1 - cluster) / clusters + 1) : random.Next(1, items + 1);
                histories[u][i] = item.ToString(CultureInfo.InvariantCulture);
            }
        }

        return histories;
    }

    private static async Task WriteAsync(string path, string[][] histories)
    {
        var user = new DataField<long>("user_id");
        var item = new DataField<long>("item");
        var list = new ListField("items", item);
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(user, list), stream);
        using var rowGroup = writer.CreateRowGroup();
        await rowGroup.WriteAsync<long>(user, histories.Select((_, u) => (long?)u + 1).ToArray(), null, null, default);
        var values = histories.SelectMany(h => h.Select(i => long.Parse(i, CultureInfo.InvariantCulture))).ToArray();
        var repetitions = histories.SelectMany(h => h.Select((_, i) => i == 0 ? 0 : 1)).ToArray();
        await rowGroup.WriteAllPartsAsync<long>(item, values, Enumerable.Repeat(item.MaxDefinitionLevel, values.Length).ToArray(), repetitions, default);
    }

    private static float Gaussian(Random random) => (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));

    private static string Line(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
