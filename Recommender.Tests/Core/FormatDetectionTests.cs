using Recommender.Data;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Core;

public sealed class FormatDetectionTests : IDisposable
{
    private static readonly string Flags = string.Join('|', Enumerable.Repeat("0", 19));

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(3)]
    [InlineData(12)]
    public async Task A_movielens_ratings_file_with_one_bad_line_stays_movielens_and_the_error_names_that_line(int lines)
    {
        var rows = Enumerable.Range(1, lines).Select(i => $"{i % 3}::{i}::5::{i}").ToList();
        rows[2] = "2::oops::4";
        var path = _dir.Write("export.txt", string.Join('\n', rows) + "\n");

        var reader = InteractionFileReader.Open(path);
        var error = await Assert.ThrowsAsync<DataFormatException>(() => Datasets.ReadAllAsync(reader));

        Assert.Equal(InteractionFormat.MovieLens1M, reader.Format);
        Assert.Equal($"{path}: line 3: expected 4 fields 'user::item::rating::timestamp', found '2::oops::4'.", error.Message);
    }

    [Fact]
    public async Task A_tab_separated_100k_file_with_one_bad_line_stays_100k()
    {
        var rows = Enumerable.Range(1, 12).Select(i => $"{i % 3}\t{i}\t5\t{i}").ToList();
        rows[2] = "2\t7\t4";
        var path = _dir.Write("export.tsv", string.Join('\n', rows) + "\n");

        var reader = InteractionFileReader.Open(path);
        var error = await Assert.ThrowsAsync<DataFormatException>(() => Datasets.ReadAllAsync(reader));

        Assert.Equal(InteractionFormat.MovieLens100K, reader.Format);
        Assert.Equal("line 3", error.Location);
        Assert.Contains("expected 4 tab-separated fields", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_whitespace_interactions_file_with_one_bad_line_names_that_line()
    {
        var rows = Enumerable.Range(1, 12).Select(i => $"u{i % 3} i{i}").ToList();
        rows[2] = "u2 i3 4.5 100 extra";
        var path = _dir.Write("log.txt", string.Join('\n', rows) + "\n");

        var reader = InteractionFileReader.Open(path);
        var error = await Assert.ThrowsAsync<DataFormatException>(() => Datasets.ReadAllAsync(reader));

        Assert.Equal(InteractionFormat.InteractionText, reader.Format);
        Assert.Equal("line 3", error.Location);
        Assert.Contains("2 whitespace-separated fields, as on line 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_movies_file_with_one_bad_line_stays_movielens_and_the_error_names_that_line()
    {
        var rows = Enumerable.Range(1, 12).Select(i => $"{i}::Title {i} (1990)::Drama").ToList();
        rows[2] = "3::Title, with a comma";
        var path = _dir.Write("titles.txt", string.Join('\n', rows) + "\n");

        var reader = ItemFileReader.Open(path);
        var error = await Assert.ThrowsAsync<DataFormatException>(() => reader.ReadCatalogAsync());

        Assert.Equal(ItemFormat.MovieLens1M, reader.Format);
        Assert.Equal($"{path}: line 3: expected 3 fields 'id::title::genres', found '3::Title, with a comma'.", error.Message);
    }

    [Fact]
    public async Task A_100k_item_file_with_one_bad_line_stays_100k()
    {
        var rows = Enumerable.Range(1, 12).Select(i => $"{i}|Title {i} (1990)|01-Jan-1990||http://x|{Flags}").ToList();
        rows[2] = "3|Title, with a comma|01-Jan-1990";
        var path = _dir.Write("catalog.txt", string.Join('\n', rows) + "\n");

        var reader = ItemFileReader.Open(path);
        var error = await Assert.ThrowsAsync<DataFormatException>(() => reader.ReadCatalogAsync());

        Assert.Equal(ItemFormat.MovieLens100K, reader.Format);
        Assert.Equal("line 3", error.Location);
        Assert.Contains("expected 24 '|'-separated fields", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_lines_of_different_shapes_are_not_a_clear_majority()
    {
        var path = _dir.Write("export.txt", "1::10::5::1\n1 11\n");

        var reader = InteractionFileReader.Open(path);

        Assert.NotEqual(InteractionFormat.MovieLens1M, reader.Format);
        await Assert.ThrowsAsync<DataFormatException>(() => Datasets.ReadAllAsync(reader));
    }
}
