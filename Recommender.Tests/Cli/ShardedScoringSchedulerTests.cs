using System.Diagnostics;
using Parquet.Serialization;
using Recommender.Tests.Core.BatchScoring;
using Recommender.Tests.TestSupport;
using static Recommender.Tests.Core.BatchScoring.BatchScorerTests;

namespace Recommender.Tests.Cli;

/// <summary>
/// Plays a Kubernetes Indexed Job on this machine: n processes of the same command line, each told its index in
/// JOB_COMPLETION_INDEX, one killed mid-run and retried, as the Job controller retries a failed pod's index.
/// </summary>
[Collection(TorchTests.Name)]
public sealed class ShardedScoringSchedulerTests : IClassFixture<TrainedBundles>, IDisposable
{
    private const string Index = "JOB_COMPLETION_INDEX";
    private readonly SavedBundle _saved;

    public ShardedScoringSchedulerTests(TrainedBundles trained) => _saved = new SavedBundle(trained.BundleWithoutText);

    public void Dispose() => _saved.Dispose();

    [Fact]
    public async Task Three_indexed_processes_one_killed_and_retried_write_the_rows_of_one_process_and_success_only_at_the_end()
    {
        var input = await WriteUsersAsync("histories/part-00000.parquet", 120);
        var histories = Path.GetDirectoryName(input)!;
        // Only the pod to be killed reads this many users: it is still scoring when its temporary part appears,
        // however fast the others are, so the kill lands mid-run. Its rows are never compared.
        var slow = await WriteUsersAsync("slow/part-00000.parquet", 100_000);
        var output = _saved.Directory.File("recommendations") + Path.DirectorySeparatorChar;
        string[] Arguments(string from) =>
            ["score", "--model", _saved.Path, "--input", from, "--output", output, "--shard", "env/3", "--top-k", "3", "--batch-size", "1", "--concurrent-batches", "1", "--quiet"];
        var single = await CliRunner.RunAsync(["score", "--model", _saved.Path, "--input", histories, "--output", _saved.Directory.File("single.parquet"), "--top-k", "3", "--batch-size", "1", "--concurrent-batches", "1", "--quiet"]);
        Assert.True(single.ExitCode == 0, single.Output);

        using var first = CliProcess.Start(new Dictionary<string, string> { [Index] = "0" }, Arguments(histories));
        using var killed = CliProcess.Start(new Dictionary<string, string> { [Index] = "1" }, Arguments(Path.GetDirectoryName(slow)!));
        using var third = CliProcess.Start(new Dictionary<string, string> { [Index] = "2" }, Arguments(histories));
        await WaitForTemporaryPartAsync(output, "part-2-of-3.parquet", killed);
        killed.Kill(entireProcessTree: true);
        await killed.WaitForExitAsync();
        var (firstExit, firstOutput) = await CliProcess.WaitAsync(first);
        var (thirdExit, thirdOutput) = await CliProcess.WaitAsync(third);

        Assert.True(firstExit == 0 && thirdExit == 0, firstOutput + thirdOutput);
        Assert.Equal(["part-1-of-3.parquet", "part-3-of-3.parquet"], Directory.GetFiles(output).Select(Path.GetFileName).Where(n => !n!.StartsWith('.')).Order(StringComparer.Ordinal));

        var (retryExit, retryOutput) = await CliProcess.RunAsync(new Dictionary<string, string> { [Index] = "1" }, Arguments(histories));

        Assert.True(retryExit == 0, retryOutput);
        Assert.Contains("_SUCCESS written: all 3 parts are in", retryOutput, StringComparison.Ordinal);
        Assert.Equal(["_SUCCESS", "part-1-of-3.parquet", "part-2-of-3.parquet", "part-3-of-3.parquet"], Directory.GetFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var parts = new List<OutputRow>();
        for (var i = 1; i <= 3; i++)
        {
            parts.AddRange((await ParquetSerializer.DeserializeAsync<OutputRow>(Path.Combine(output, $"part-{i}-of-3.parquet"))).Data);
        }

        var expected = (await ParquetSerializer.DeserializeAsync<OutputRow>(_saved.Directory.File("single.parquet"))).Data;
        Assert.Equal(360, expected.Count);
        Assert.Equal(RecommendationFolderTests.Rows(expected), RecommendationFolderTests.Rows(parts));
    }

    [Fact]
    public async Task An_index_outside_the_shard_count_is_a_usage_error_naming_the_variable_and_its_value()
    {
        var input = await WriteUsersAsync("users.parquet", 3);

        var (exit, output) = await CliProcess.RunAsync(new Dictionary<string, string> { [Index] = "3" },
            "score", "--model", _saved.Path, "--input", input, "--output", _saved.Directory.File("recs") + Path.DirectorySeparatorChar, "--shard", "env/3", "--quiet");

        Assert.Equal(2, exit);
        Assert.Contains("JOB_COMPLETION_INDEX is '3'; expected a whole number from 0 to 2", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_saved.Directory.File("recs")));
    }

    private async Task<string> WriteUsersAsync(string name, int count)
    {
        var path = _saved.Directory.File(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await ParquetSerializer.SerializeAsync(Enumerable.Range(0, count).Select(i => new UserList { User = $"user-{i}", Items = [$"{i % 12 + 1}", $"{(i * 7 + 3) % 12 + 1}"] }), path);
        return path;
    }

    /// <summary>Waits until <paramref name="process"/> has its temporary part open, the sign that it is scoring.</summary>
    private static async Task WaitForTemporaryPartAsync(string folder, string part, Process process)
    {
        var watch = Stopwatch.StartNew();
        while (!Directory.Exists(folder) || !Directory.EnumerateFiles(folder, $".{part}.*.tmp").Any())
        {
            Assert.False(process.HasExited, $"the process ended before it began writing {part}");
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"no temporary file of {part} after 30 s");
            await Task.Delay(10);
        }
    }
}
