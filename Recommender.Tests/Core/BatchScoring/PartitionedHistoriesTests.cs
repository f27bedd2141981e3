using Parquet.Serialization;
using Recommender.BatchScoring;
using Recommender.Data;
using Recommender.Tests.TestSupport;
using static Recommender.Tests.Core.BatchScoring.BatchScorerTests;

namespace Recommender.Tests.Core.BatchScoring;

/// <summary>Folders of Parquet files as Spark and Hive write them: which files are read, in which order, and what is refused.</summary>
public sealed class PartitionedHistoriesTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Partition_folders_are_read_in_path_order_and_names_starting_with_underscore_or_dot_are_passed_over()
    {
        var folder = _directory.File("histories");
        await WriteListsAsync("histories/part-00002-c000.snappy.parquet", ("u4", ["4"]));
        await WriteListsAsync("histories/country=fr/part-00001-c000.snappy.parquet", ("u3", ["3"]));
        await WriteListsAsync("histories/country=de/part-00000-c000.snappy.parquet", ("u1", ["1"]), ("u2", ["2", "1"]));
        await WriteListsAsync("histories/_temporary/0/part-00003-c000.snappy.parquet", ("hidden-1", ["1"]));
        await WriteListsAsync("histories/.staging/part-00004.parquet", ("hidden-2", ["1"]));
        _directory.Write("histories/_SUCCESS", string.Empty);
        _directory.Write("histories/_committed_4711", "{}");
        _directory.Write("histories/.part-00002-c000.snappy.parquet.crc", "crc");
        _directory.Write("histories/country=de/.part-00000-c000.snappy.parquet.crc", "crc");

        var input = await HistorySource.OpenAsync(folder);
        var users = await input.ReadAsync().ToListAsync();

        var partitioned = Assert.IsType<PartitionedHistories>(input);
        Assert.Equal(["country=de/part-00000-c000.snappy.parquet", "country=fr/part-00001-c000.snappy.parquet", "part-00002-c000.snappy.parquet"],
            partitioned.Files.Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/')));
        Assert.Equal(["u1", "u2", "u3", "u4"], users.Select(u => u.UserId));
        Assert.Equal(["2", "1"], users[1].Items);
        Assert.Equal((HistoryLayout.UserLists, 3, 4L, folder), (input.Layout, input.Report.FilesRead, input.Report.RowsRead, input.Report.FilePath));
    }

    [Fact]
    public async Task Interactions_files_are_grouped_by_user_file_after_file()
    {
        await WriteInteractionsAsync("histories/part-00000.parquet", ("u1", "2", 20), ("u1", "1", 10), ("u2", "3", 5));
        await WriteInteractionsAsync("histories/part-00001.parquet", ("u3", "4", 1));

        var input = await HistorySource.OpenAsync(_directory.File("histories"));
        var users = await input.ReadAsync().ToListAsync();

        Assert.Equal(HistoryLayout.Interactions, input.Layout);
        Assert.Equal([("u1", "1,2"), ("u2", "3"), ("u3", "4")], users.Select(u => (u.UserId, string.Join(',', u.Items))));
        Assert.Equal((2, 4L), (input.Report.FilesRead, input.Report.RowsRead));
    }

    [Fact]
    public async Task A_user_in_two_files_stops_the_read_naming_both_files()
    {
        await WriteInteractionsAsync("histories/part-00000.parquet", ("u1", "1", 1), ("u2", "2", 1));
        var second = await WriteInteractionsAsync("histories/part-00001.parquet", ("u3", "3", 1), ("u2", "4", 2));
        await WriteListsAsync("lists/part-00000.parquet", ("u1", ["1"]));
        var secondList = await WriteListsAsync("lists/part-00001.parquet", ("u2", ["1"]), ("u1", ["2"]));

        var interactions = await Assert.ThrowsAsync<DataFormatException>(async () => await (await HistorySource.OpenAsync(_directory.File("histories"))).ReadAsync().CountAsync());
        var lists = await Assert.ThrowsAsync<DataFormatException>(async () => await (await HistorySource.OpenAsync(_directory.File("lists"))).ReadAsync().CountAsync());

        Assert.Equal((second, "interaction 2"), (interactions.FilePath, interactions.Location));
        Assert.Contains("user 'u2' again", interactions.Message, StringComparison.Ordinal);
        Assert.Contains("part-00000.parquet already", interactions.Message, StringComparison.Ordinal);
        Assert.Equal((secondList, "row group 0, row 1"), (lists.FilePath, lists.Location));
        Assert.Contains("user 'u1' again", lists.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Files_of_different_layouts_are_refused_naming_both()
    {
        var lists = await WriteListsAsync("histories/part-00000.parquet", ("u1", ["1"]));
        var interactions = await WriteInteractionsAsync("histories/part-00001.parquet", ("u2", "1", 1));

        var error = await Assert.ThrowsAsync<DataFormatException>(() => HistorySource.OpenAsync(_directory.File("histories")));

        Assert.Equal(interactions, error.FilePath);
        Assert.Contains($"but {lists} holds one row per user", error.Message, StringComparison.Ordinal);
        Assert.Contains("same layout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_without_data_files_or_with_a_file_that_is_not_parquet_is_refused_by_name()
    {
        _directory.Write("empty/_SUCCESS", string.Empty);
        _directory.Write("empty/.part-00000.parquet.crc", "crc");
        await WriteListsAsync("mixed/part-00000.parquet", ("u1", ["1"]));
        var notes = _directory.Write("mixed/notes.txt", "not data");

        var empty = await Assert.ThrowsAsync<FileNotFoundException>(() => HistorySource.OpenAsync(_directory.File("empty")));
        var mixed = await Assert.ThrowsAsync<DataFormatException>(() => HistorySource.OpenAsync(_directory.File("mixed")));

        Assert.Contains($"The folder '{_directory.File("empty")}' holds no data files", empty.Message, StringComparison.Ordinal);
        Assert.Contains("interactions.parquet", empty.Message, StringComparison.Ordinal);
        Assert.Equal(notes, mixed.FilePath);
        Assert.Contains("not a Parquet file", mixed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dataset_folder_is_still_read_through_its_interactions_file()
    {
        var input = await HistorySource.OpenAsync(CyclicData.WriteFolder(_directory));

        Assert.IsType<HistoryFile>(input);
        Assert.Equal(1, input.Report.FilesRead);
    }

    [Fact]
    public async Task Skipped_rows_are_named_with_their_file()
    {
        await WriteListsAsync("histories/part-00000.parquet", ("u1", ["1"]));
        await ParquetSerializer.SerializeAsync(new[] { new UserList { User = "u2", Items = null }, new UserList { User = "u3", Items = ["2"] } }, _directory.File("histories/part-00001.parquet"));

        var input = await HistorySource.OpenAsync(_directory.File("histories"), new DataReadOptions { BadRows = BadRowPolicy.Skip });
        var users = await input.ReadAsync().CountAsync();

        Assert.Equal((2, 1L), (users, input.Report.RowsSkipped));
        Assert.Equal("part-00001.parquet: row group 0, row 0", Assert.Single(input.Report.SkippedExamples).Location);
    }

    private async Task<string> WriteListsAsync(string name, params (string User, string[] Items)[] users)
    {
        var path = _directory.File(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await ParquetSerializer.SerializeAsync(users.Select(u => new UserList { User = u.User, Items = [.. u.Items] }), path);
        return path;
    }

    private async Task<string> WriteInteractionsAsync(string name, params (string User, string Item, long Time)[] rows)
    {
        var path = _directory.File(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await ParquetSerializer.SerializeAsync(rows.Select(r => new Interaction { User = r.User, Item = r.Item, Time = r.Time }), path);
        return path;
    }

    private sealed class Interaction
    {
        public string User { get; set; } = string.Empty;

        public string Item { get; set; } = string.Empty;

        public long Time { get; set; }
    }
}
