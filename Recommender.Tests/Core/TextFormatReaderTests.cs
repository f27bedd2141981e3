using Recommender.Data;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Core;

public sealed class TextFormatReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Two_column_interactions_keep_line_order_as_time_order()
    {
        var path = _dir.Write("log.txt", "u1 b\nu2 x\nu1\ta\n\nu1 c\n");

        var reader = InteractionFileReader.Open(path);
        var log = Datasets.Build(await Datasets.ReadAllAsync(reader));

        Assert.Equal(InteractionFormat.InteractionText, reader.Format);
        Assert.Equal(["b", "a", "c"], Datasets.ItemIds(log, log.Users["u1"]));
        Assert.False(log.HasTimestamps);
        Assert.Equal(1, reader.Report.LinesIgnored);
    }

    [Fact]
    public async Task Four_column_interactions_read_rating_and_timestamp()
    {
        var path = _dir.Write("log.txt", "u1 a 4.5 30\nu1 b 3 10\nu2 a 1 20\n");

        var log = Datasets.Build(await Datasets.ReadAllAsync(InteractionFileReader.Open(path, new DataReadOptions { Format = InteractionFormat.InteractionText })));

        Assert.Equal(["b", "a"], Datasets.ItemIds(log, log.Users["u1"]));
        Assert.Equal([3f, 4.5f], log.GetRatings(log.Users["u1"]).ToArray());
    }

    [Fact]
    public async Task A_line_with_a_different_field_count_than_the_first_is_an_error()
    {
        var path = _dir.Write("log.txt", "u1 a 4 30\nu1 b 3 10\nu2 a 20\n");

        var error = await Assert.ThrowsAsync<DataFormatException>(
            () => Datasets.ReadAllAsync(InteractionFileReader.Open(path, new DataReadOptions { Format = InteractionFormat.InteractionText })));

        Assert.Equal("line 3", error.Location);
        Assert.Contains("expected 4 whitespace-separated fields, as on line 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sequences_one_user_per_line_become_ordered_interactions()
    {
        var path = _dir.Write("seq.txt", "alice a b c d\nbob c a\ncarol b c d a e\n");

        var reader = InteractionFileReader.Open(path);
        var log = Datasets.Build(await Datasets.ReadAllAsync(reader));

        Assert.Equal(InteractionFormat.SequenceText, reader.Format);
        Assert.Equal(11, log.InteractionCount);
        Assert.Equal(["c", "a"], Datasets.ItemIds(log, log.Users["bob"]));
        Assert.Equal(3, reader.Report.RowsRead);
    }

    [Fact]
    public async Task A_user_on_two_lines_of_a_sequence_file_is_an_error_naming_both_lines()
    {
        var path = _dir.Write("seq.txt", "alice a b c\nbob c a d\nalice d e f\n");

        var error = await Assert.ThrowsAsync<DataFormatException>(
            () => Datasets.ReadAllAsync(InteractionFileReader.Open(path, new DataReadOptions { Format = InteractionFormat.SequenceText })));

        Assert.Equal("line 3", error.Location);
        Assert.Contains("this user's line is line 1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a::b::4::1\n", InteractionFormat.MovieLens1M)]
    [InlineData("1\t2\t3\t4\n5\t6\t7\t8\n", InteractionFormat.MovieLens100K)]
    [InlineData("user,item\n1,2\n", InteractionFormat.Csv)]
    [InlineData("1 2\n1 3\n2 3\n", InteractionFormat.InteractionText)]
    [InlineData("1 2 5 100\n1 3 4 101\n", InteractionFormat.InteractionText)]
    [InlineData("1 2 3 4\n2 3 4\n3 5 6 7 8\n", InteractionFormat.SequenceText)]
    [InlineData("1 2 3 4\n2 3 4 5\n", InteractionFormat.SequenceText)]
    public void Formats_are_detected_from_content_when_the_name_says_nothing(string content, InteractionFormat expected)
    {
        var path = _dir.Write("data.input", content);

        Assert.Equal(expected, InteractionFileReader.Open(path).Format);
    }

    [Fact]
    public void An_explicit_format_wins_over_detection()
    {
        var path = _dir.Write("ratings.dat", "1 2 3 4\n2 3 4 5\n");

        Assert.Equal(InteractionFormat.InteractionText, InteractionFileReader.Open(path, new DataReadOptions { Format = InteractionFormat.InteractionText }).Format);
    }

    [Fact]
    public async Task Parquet_files_are_detected_by_content_and_a_folder_by_its_file_names()
    {
        var log = Datasets.Build([new("u", "i", 1), new("u", "j", 2)]);
        var path = _dir.File("folder/interactions.parquet");
        await ParquetDataWriter.WriteInteractionsAsync(path, log);
        File.Copy(path, _dir.File("no-extension"));

        Assert.Equal(InteractionFormat.Parquet, InteractionFileReader.Open(_dir.File("no-extension")).Format);
        Assert.Equal((path, null), DatasetLayout.Resolve(_dir.File("folder")));
    }

    [Fact]
    public void A_folder_without_an_interactions_file_says_what_it_looked_for()
    {
        Directory.CreateDirectory(_dir.File("empty"));

        var error = Assert.Throws<FileNotFoundException>(() => DatasetLayout.Resolve(_dir.File("empty")));

        Assert.Contains("interactions.parquet", error.Message, StringComparison.Ordinal);
        Assert.Contains("ratings.dat", error.Message, StringComparison.Ordinal);
    }
}
