using System.Diagnostics;
using System.Globalization;
using Parquet;
using Parquet.Schema;
using Recommender.BatchScoring;
using Recommender.Scoring;

namespace Recommender.Benchmarks;

/// <summary>
/// The batch job (<see cref="BatchScorer"/>) over synthetic users against the ML-1M-sized model of
/// <see cref="SpreadModel"/>: histories with the lengths of ML-1M users' test inputs and items drawn from the catalog,
/// written as Parquet with one row per user. Each size is scored in a fresh process, so its peak memory is the
/// job's alone, and the sizes can be compared: memory must not grow with the input.
/// </summary>
internal static class BatchScoringSpeed
{
    public static async Task<int> RunAsync(string input, int[] sizes)
    {
        using var spread = await SpreadModel.LoadAsync(input);
        var directory = Directory.CreateTempSubdirectory("batch-scoring-");
        try
        {
            var model = Path.Combine(directory.FullName, "model.recbundle");
            spread.Bundle.Save(model);
            var split = spread.Split;
            var lengths = split.Test.Select(e => split.GetInput(e).Length).ToArray();
            foreach (var users in sizes)
            {
                var histories = Path.Combine(directory.FullName, $"users-{users}.parquet");
                var watch = Stopwatch.StartNew();
                await WriteUsersAsync(histories, users, lengths, spread.Items.Count);
                Console.WriteLine($"{users:N0} synthetic users written ({new FileInfo(histories).Length / 1e6:F0} MB, {watch.Elapsed.TotalSeconds:F0} s)");
                // One graph run at a time across the cores, then the score command's default of one run per core.
                foreach (var concurrent in new[] { 1, Environment.ProcessorCount }.Distinct())
                {
                    Console.WriteLine($"  {concurrent} batch(es) at once:");
                    var exitCode = await ChildProcess.RunAsync("batch-scoring-run", "--model", model, "--input", histories, "--output", Path.Combine(directory.FullName, $"recs-{users}.parquet"), "--concurrent-batches", $"{concurrent}");
                    if (exitCode != 0)
                    {
                        return exitCode;
                    }
                }

                File.Delete(histories);
            }

            return 0;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>One scoring run in this process: the job as <c>recommender score --concurrent-batches N</c> runs it, top-10, seen items excluded.</summary>
    public static async Task<int> RunOneAsync(string model, string input, string output, int concurrentBatches)
    {
        var options = concurrentBatches == 1 ? new RecommenderSessionOptions() : new RecommenderSessionOptions { IntraOpThreads = 1, ConcurrentBatches = concurrentBatches };
        using var session = RecommenderSession.Load(model, options);
        var file = await HistoryFile.OpenAsync(input);
        var report = await BatchScorer.ScoreAsync(session, file, output);
        var peak = ScoringSpeed.PeakMegabytes();
        var live = GC.GetTotalMemory(forceFullCollection: true) / (1024 * 1024);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  scored {report.UsersScored:N0} users in {report.Elapsed.TotalSeconds:F1} s: {report.UsersScored / report.Elapsed.TotalSeconds:N0} users/s, {report.RowsWritten:N0} rows ({new FileInfo(output).Length / 1e6:F0} MB); peak resident memory {peak} MB; live managed heap afterwards {live} MB, {GC.CollectionCount(2)} full collections"));
        return 0;
    }

    private static async Task WriteUsersAsync(string path, int users, int[] lengths, int items)
    {
        var random = new Random(11);
        var user = new DataField<long>("user_id");
        var item = new DataField<long>("item");
        var list = new ListField("items", item);
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(user, list), stream);
        const int groupSize = 50_000;
        for (var start = 0; start < users; start += groupSize)
        {
            var count = Math.Min(groupSize, users - start);
            var ids = new long[count];
            var values = new List<long>();
            var repetitions = new List<int>();
            for (var u = 0; u < count; u++)
            {
                ids[u] = start + u + 1;
                var length = lengths[random.Next(lengths.Length)];
                for (var i = 0; i < length; i++)
                {
                    values.Add(random.Next(1, items + 1));
                    repetitions.Add(i == 0 ? 0 : 1);
                }
            }

            using var rowGroup = writer.CreateRowGroup();
            await rowGroup.WriteAsync<long>(user, ids, null, null, default);
            // Every list has items and every item a value, so every entry is defined to the deepest level.
            await rowGroup.WriteAllPartsAsync<long>(item, values.ToArray(), Enumerable.Repeat(item.MaxDefinitionLevel, values.Count).ToArray(), repetitions.ToArray(), default);
        }
    }
}
