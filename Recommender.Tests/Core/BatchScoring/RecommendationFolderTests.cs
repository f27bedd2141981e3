using Parquet.Serialization;
using Recommender.BatchScoring;
using Recommender.Scoring;
using Recommender.Tests.TestSupport;
using static Recommender.Tests.Core.BatchScoring.BatchScorerTests;

namespace Recommender.Tests.Core.BatchScoring;

/// <summary>Shards writing their parts into one folder: the parts make one whole run, and _SUCCESS marks it whole and only then.</summary>
[Collection(TorchTests.Name)]
public sealed class RecommendationFolderTests(TrainedBundles trained) : IClassFixture<TrainedBundles>, IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static readonly UserList[] ManyUsers = [.. Enumerable.Range(0, 40).Select(i => new UserList { User = $"user-{i}", Items = [$"{i % 12 + 1}", $"{(i + 5) % 12 + 1}"] })];

    [Fact]
    public async Task Three_shards_write_the_rows_of_one_whole_run_and_success_appears_with_the_last_part()
    {
        var input = await HistoryInputAsync();
        using var session = new RecommenderSession(trained.BundleWithoutText);
        var folder = _directory.File("recs");
        await BatchScorer.ScoreAsync(session, await HistorySource.OpenAsync(input), _directory.File("all.parquet"), new BatchScoringOptions { TopK = 3, BatchSize = 1 });

        var reports = new List<FolderScoringReport>();
        foreach (var number in new[] { 3, 1, 2 })
        {
            Assert.False(File.Exists(Path.Combine(folder, "_SUCCESS")));
            reports.Add(await RecommendationFolder.ScoreAsync(session, await HistorySource.OpenAsync(input), folder, new BatchScoringOptions { TopK = 3, BatchSize = 1, Shard = new Shard(number, 3) }));
        }

        Assert.Equal([false, false, true], reports.Select(r => r.RunComplete));
        Assert.Equal([1, 2], reports[0].PartsMissing);
        Assert.Equal([2], reports[1].PartsMissing);
        Assert.Equal(Path.Combine(folder, "part-2-of-3.parquet"), reports[2].PartPath);
        var parts = Enumerable.Range(1, 3).Select(i => $"part-{i}-of-3.parquet").ToArray();
        Assert.Equal(["_SUCCESS", .. parts], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var rows = new List<OutputRow>();
        foreach (var part in parts)
        {
            rows.AddRange((await ParquetSerializer.DeserializeAsync<OutputRow>(Path.Combine(folder, part))).Data);
        }

        var expected = (await ParquetSerializer.DeserializeAsync<OutputRow>(_directory.File("all.parquet"))).Data;
        Assert.Equal(Rows(expected), Rows(rows));
        var counts = await Task.WhenAll(parts.Select(async p => (await ParquetSerializer.DeserializeAsync<OutputRow>(Path.Combine(folder, p))).Data.Count));
        Assert.Equal(string.Concat(parts.Select((p, i) => $"{p}\t{counts[i]}\n")), File.ReadAllText(Path.Combine(folder, "_SUCCESS")));
    }

    [Fact]
    public async Task A_shard_run_again_replaces_its_part_with_success_gone_while_it_writes()
    {
        var input = await HistoryInputAsync();
        using var session = new RecommenderSession(trained.BundleWithoutText);
        var folder = _directory.File("recs");
        for (var i = 1; i <= 2; i++)
        {
            await RecommendationFolder.ScoreAsync(session, await HistorySource.OpenAsync(input), folder, new BatchScoringOptions { Shard = new Shard(i, 2), BatchSize = 4 });
        }

        var before = Snapshot(folder);
        var successWhileWriting = new List<bool>();
        var progress = new SynchronousProgress(_ => successWhileWriting.Add(File.Exists(Path.Combine(folder, "_SUCCESS"))));
        var again = await RecommendationFolder.ScoreAsync(session, await HistorySource.OpenAsync(input), folder, new BatchScoringOptions { Shard = new Shard(1, 2), BatchSize = 4 }, progress);

        Assert.True(again.RunComplete);
        Assert.NotEmpty(successWhileWriting);
        Assert.DoesNotContain(true, successWhileWriting);
        Assert.Equal(before, Snapshot(folder));
    }

    [Fact]
    public async Task Parts_of_a_run_with_another_shard_count_are_refused_and_nothing_is_written()
    {
        var input = await HistoryInputAsync();
        using var session = new RecommenderSession(trained.BundleWithoutText);
        var folder = _directory.File("recs");
        await RecommendationFolder.ScoreAsync(session, await HistorySource.OpenAsync(input), folder, new BatchScoringOptions { Shard = new Shard(1, 4) });

        var error = await Assert.ThrowsAsync<ArgumentException>(async () =>
            await RecommendationFolder.ScoreAsync(session, await HistorySource.OpenAsync(input), folder, new BatchScoringOptions { Shard = new Shard(3, 8) }));

        Assert.Contains("holds part-1-of-4.parquet, a part of a run split into another number of shards than 8 (this shard is 3/8)", error.Message, StringComparison.Ordinal);
        Assert.Equal(["part-1-of-4.parquet"], Directory.GetFiles(folder).Select(Path.GetFileName));
    }

    internal static IEnumerable<(string, int, string, float)> Rows(IEnumerable<OutputRow> rows) =>
        rows.Select(r => (r.user_id, r.rank, r.item_id, r.score)).OrderBy(r => r.user_id, StringComparer.Ordinal).ThenBy(r => r.rank);

    private static Dictionary<string, string> Snapshot(string folder) =>
        Directory.GetFiles(folder).ToDictionary(f => Path.GetFileName(f), f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))));

    private async Task<string> HistoryInputAsync()
    {
        var path = _directory.File("users.parquet");
        await ParquetSerializer.SerializeAsync(ManyUsers, path);
        return path;
    }
}
