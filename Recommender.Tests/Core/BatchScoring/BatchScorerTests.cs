using Parquet.Serialization;
using Recommender.BatchScoring;
using Recommender.Data;
using Recommender.Scoring;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Core.BatchScoring;

/// <summary>The batch job over real Parquet files and a real session: what it writes, how it shards, what it refuses.</summary>
[Collection(TorchTests.Name)]
public sealed class BatchScorerTests(TrainedBundles trained) : IClassFixture<TrainedBundles>, IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    internal static readonly UserList[] Users =
    [
        new() { User = "u1", Items = ["1", "2", "3"] },
        new() { User = "u2", Items = ["7", "unknown", "8"] },
        new() { User = "u3", Items = [] },
        new() { User = "u4", Items = [.. Enumerable.Range(1, 14).Select(i => $"{(i % 12) + 1}")] },
        new() { User = "u5", Items = ["12"] },
    ];

    [Fact]
    public async Task Every_user_of_a_list_file_gets_the_sessions_top_k_in_input_order()
    {
        var input = await WriteAsync("users.parquet", Users);
        using var session = new RecommenderSession(trained.BundleWithoutText);

        var file = await HistoryFile.OpenAsync(input);
        var report = await BatchScorer.ScoreAsync(session, file, _directory.File("recs.parquet"), new BatchScoringOptions { TopK = 3, BatchSize = 2 });

        Assert.Equal(HistoryLayout.UserLists, file.Layout);
        var rows = await ReadAsync("recs.parquet");
        var expected = Users.SelectMany(u => session.Recommend(u.Items!.OfType<string>(), k: 3).Select((r, i) => new OutputRow { user_id = u.User, rank = i + 1, item_id = r.ItemId, score = r.Score }));
        Assert.Equal(expected.Select(r => (r.user_id, r.rank, r.item_id)), rows.Select(r => (r.user_id, r.rank, r.item_id)));
        // Batches of different composition round differently in the last bits.
        Assert.Equal(expected.Select(r => r.score), rows.Select(r => r.score), (a, b) => Math.Abs(a - b) <= 1e-5f);
        // u4 has seen all 12 items, so nothing is left to recommend to them.
        Assert.Equal((5L, 5L, 0L, 1L, 1L, 1L, 12L), (report.UsersRead, report.UsersScored, report.UsersInOtherShards, report.UsersWithoutKnownItems, report.UnknownItems, report.HistoriesTruncated, report.RowsWritten));
    }

    private static readonly (string User, string[] Items)[] TimeOrdered = [("u1", ["1", "2", "3"]), ("u2", ["7", "8"])];

    [Fact]
    public async Task Interactions_grouped_by_user_are_read_in_time_order()
    {
        var input = _directory.Write("interactions.csv", "user,item,time\nu1,3,30\nu1,1,10\nu1,2,20\nu2,8,5\nu2,7,1\n");
        using var session = new RecommenderSession(trained.BundleWithoutText);

        var file = await HistoryFile.OpenAsync(input);
        await BatchScorer.ScoreAsync(session, file, _directory.File("recs.parquet"), new BatchScoringOptions { TopK = 2 });

        Assert.Equal(HistoryLayout.Interactions, file.Layout);
        var rows = await ReadAsync("recs.parquet");
        var expected = TimeOrdered.SelectMany(u => session.Recommend(u.Items, k: 2).Select(r => (u.User, r.ItemId)));
        Assert.Equal(expected, rows.Select(r => (r.user_id, r.item_id)));
    }

    [Fact]
    public async Task A_dataset_folder_is_read_through_its_interactions_file_and_a_missing_input_is_named()
    {
        var folder = CyclicData.WriteFolder(_directory);

        var file = await HistoryFile.OpenAsync(folder);
        var users = await file.ReadAsync().CountAsync();
        var missing = await Assert.ThrowsAsync<FileNotFoundException>(() => HistoryFile.OpenAsync(_directory.File("nowhere")));

        Assert.Equal((HistoryLayout.Interactions, 36), (file.Layout, users));
        Assert.Contains("nowhere' is neither a file nor a folder", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Interactions_not_grouped_by_user_are_refused_naming_the_user_and_what_to_do()
    {
        var input = _directory.Write("interactions.csv", "user,item\nu1,1\nu2,2\nu1,3\n");
        using var session = new RecommenderSession(trained.BundleWithoutText);
        var output = _directory.File("recs.parquet");

        var error = await Assert.ThrowsAsync<DataFormatException>(async () => await BatchScorer.ScoreAsync(session, await HistoryFile.OpenAsync(input), output));

        Assert.Contains("interaction 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("user 'u1' again", error.Message, StringComparison.Ordinal);
        Assert.Contains("sort the file by user", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.Equal(["interactions.csv"], Directory.GetFiles(_directory.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Shards_split_the_users_so_that_together_they_are_one_whole_run()
    {
        var users = Enumerable.Range(0, 60).Select(i => new UserList { User = $"user-{i}", Items = [$"{i % 12 + 1}", $"{(i + 1) % 12 + 1}"] }).ToArray();
        var input = await WriteAsync("users.parquet", users);
        using var session = new RecommenderSession(trained.BundleWithoutText);

        await BatchScorer.ScoreAsync(session, await HistoryFile.OpenAsync(input), _directory.File("all.parquet"), new BatchScoringOptions { TopK = 2, BatchSize = 7 });
        var parts = new List<OutputRow[]>();
        for (var i = 1; i <= 3; i++)
        {
            var report = await BatchScorer.ScoreAsync(session, await HistoryFile.OpenAsync(input), _directory.File($"part{i}.parquet"), new BatchScoringOptions { TopK = 2, Shard = new Shard(i, 3) });
            Assert.Equal(60, report.UsersRead);
            Assert.Equal(60, report.UsersScored + report.UsersInOtherShards);
            parts.Add(await ReadAsync($"part{i}.parquet"));
        }

        var whole = (await ReadAsync("all.parquet")).Select(r => (r.user_id, r.rank, r.item_id)).Order();
        Assert.Equal(whole, parts.SelectMany(p => p).Select(r => (r.user_id, r.rank, r.item_id)).Order());
        Assert.All(parts, p => Assert.InRange(p.Select(r => r.user_id).Distinct().Count(), 8, 32));
        Assert.Empty(parts[0].Select(r => r.user_id).Intersect(parts[1].Select(r => r.user_id)));
    }

    [Fact]
    public async Task A_null_list_stops_the_run_naming_the_row_or_is_skipped_and_counted()
    {
        UserList[] users = [new() { User = "u1", Items = ["1"] }, new() { User = "u2", Items = null }, new() { User = "u3", Items = ["2", null] }, new() { User = "u4", Items = ["3"] }];
        var input = await WriteAsync("users.parquet", users);
        using var session = new RecommenderSession(trained.BundleWithoutText);

        var error = await Assert.ThrowsAsync<DataFormatException>(async () => await BatchScorer.ScoreAsync(session, await HistoryFile.OpenAsync(input), _directory.File("recs.parquet")));
        var skipping = await HistoryFile.OpenAsync(input, new DataReadOptions { BadRows = BadRowPolicy.Skip });
        var report = await BatchScorer.ScoreAsync(session, skipping, _directory.File("recs.parquet"), new BatchScoringOptions { TopK = 1 });

        Assert.Contains("row group 0, row 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("a list of item ids in column 'Items", error.Message, StringComparison.Ordinal);
        Assert.Equal((2L, 2L), (report.UsersScored, skipping.Report.RowsSkipped));
        Assert.Contains(skipping.Report.SkippedExamples, s => s.Location == "row group 0, row 2" && s.Reason.Contains("position 1", StringComparison.Ordinal));
        Assert.Equal(["u1", "u4"], (await ReadAsync("recs.parquet")).Select(r => r.user_id));
    }

    [Fact]
    public async Task A_cancelled_run_leaves_no_output_and_no_temporary_file()
    {
        var users = Enumerable.Range(0, 50).Select(i => new UserList { User = $"user-{i}", Items = ["1"] }).ToArray();
        var input = await WriteAsync("users.parquet", users);
        using var session = new RecommenderSession(trained.BundleWithoutText);
        using var cancel = new CancellationTokenSource();
        var progress = new SynchronousProgress(_ => cancel.Cancel());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await BatchScorer.ScoreAsync(session, await HistoryFile.OpenAsync(input), _directory.File("recs.parquet"), new BatchScoringOptions { BatchSize = 10 }, progress, cancel.Token));

        Assert.Equal(["users.parquet"], Directory.GetFiles(_directory.Path).Select(Path.GetFileName));
    }

    private async Task<string> WriteAsync(string name, UserList[] users)
    {
        var path = _directory.File(name);
        await ParquetSerializer.SerializeAsync(users, path);
        return path;
    }

    private async Task<OutputRow[]> ReadAsync(string name) => [.. (await ParquetSerializer.DeserializeAsync<OutputRow>(_directory.File(name))).Data];

    internal sealed class UserList
    {
        public string User { get; set; } = string.Empty;

        public List<string?>? Items { get; set; }
    }

    /// <summary>The output schema, by its column names.</summary>
#pragma warning disable IDE1006, CA1707 // named as the Parquet columns are
    internal sealed class OutputRow
    {
        public string user_id { get; set; } = string.Empty;

        public int rank { get; set; }

        public string item_id { get; set; } = string.Empty;

        public float score { get; set; }
    }
#pragma warning restore IDE1006, CA1707

    internal sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
