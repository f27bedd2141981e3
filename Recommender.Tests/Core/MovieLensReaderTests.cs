using System.Text;
using Recommender.Data;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Core;

public sealed class MovieLensReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task MovieLens1M_folder_reads_ratings_in_time_order_and_latin1_titles()
    {
        _dir.Write("ml/ratings.dat", "1::10::5::978300760\n1::20::3::978300700\n2::10::4::978300000\n2::30::2::978300001\n", Encoding.Latin1);
        _dir.Write("ml/movies.dat", "10::Amélie (2001)::Comedy|Romance\n20::Heat (1995)::Action|Crime|Thriller\n30::Léon (1994)::Drama\n40::Unseen (1990)::Drama\n", Encoding.Latin1);

        var dataset = await DatasetLoader.LoadAsync(_dir.File("ml"));

        var log = dataset.Interactions;
        Assert.Equal((2, 3, 4), (log.UserCount, log.ItemCount, log.InteractionCount));
        Assert.Equal(["20", "10"], Datasets.ItemIds(log, log.Users["1"]));
        Assert.Equal([978300700L, 978300760L], log.GetTimestamps(log.Users["1"]).ToArray());
        Assert.Equal([3f, 5f], log.GetRatings(log.Users["1"]).ToArray());
        Assert.True(dataset.Items!.TryGetItem("10", out var amelie));
        Assert.Equal("Amélie (2001)", amelie.Title);
        Assert.Equal("Comedy|Romance", amelie.GetText(ItemFields.Genres));
        Assert.Equal("movielens-1m", dataset.Report.Interactions.Format);
        Assert.Equal(1, dataset.Report.CatalogItemsWithoutInteractions);
        Assert.Equal(0, dataset.Report.ItemsMissingFromCatalog);
    }

    [Fact]
    public async Task MovieLens100K_files_read_with_genre_flags()
    {
        var flags = (string g) => string.Join('|', Enumerable.Range(0, 19).Select(i => g.Contains((char)('a' + i), StringComparison.Ordinal) ? "1" : "0"));
        _dir.Write("u.data", "196\t242\t3\t881250949\n186\t302\t3\t891717742\n196\t302\t1\t878887116\n");
        _dir.Write("u.item", $"242|Kolya (1996)|24-Jan-1997||http://x|{flags("f")}\n302|L.A. Confidential (1997)|01-Jan-1997||http://y|{flags("gknq")}\n", Encoding.Latin1);

        var dataset = await DatasetLoader.LoadAsync(_dir.File("u.data"), _dir.File("u.item"));

        Assert.Equal("movielens-100k", dataset.Report.Interactions.Format);
        Assert.Equal((2, 2, 3), (dataset.Interactions.UserCount, dataset.Interactions.ItemCount, dataset.Interactions.InteractionCount));
        Assert.Equal(["302", "242"], Datasets.ItemIds(dataset.Interactions, dataset.Interactions.Users["196"]));
        Assert.True(dataset.Items!.TryGetItem("302", out var item));
        Assert.Equal("Crime|Film-Noir|Mystery|Thriller", item.GetText(ItemFields.Genres));
        Assert.Equal("01-Jan-1997", item.GetText("release_date"));
    }

    [Fact]
    public async Task A_malformed_line_stops_the_read_naming_file_line_found_and_expected()
    {
        var path = _dir.Write("ratings.dat", "1::10::5::978300760\n1::20::3::978300700\n\n2::oops::4\n2::30::2::978300001\n");

        var error = await Assert.ThrowsAsync<DataFormatException>(() => DatasetLoader.LoadAsync(path));

        Assert.Equal(path, error.FilePath);
        Assert.Equal("line 4", error.Location);
        Assert.Equal($"{path}: line 4: expected 4 fields 'user::item::rating::timestamp', found '2::oops::4'.", error.Message);
    }

    [Fact]
    public async Task A_bad_field_names_what_was_expected()
    {
        var path = _dir.Write("ratings.dat", "1::10::five::978300760\n");

        var error = await Assert.ThrowsAsync<DataFormatException>(() => DatasetLoader.LoadAsync(path));

        Assert.Contains("line 1: expected a rating", error.Message, StringComparison.Ordinal);
        Assert.Contains("found 'five'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Skipping_bad_rows_counts_them_and_keeps_the_first_examples_with_line_numbers()
    {
        var lines = new List<string> { "1::10::5::100" };
        for (var i = 0; i < 7; i++)
        {
            lines.Add($"bad line {i}");
        }

        lines.Add("1::20::4::200");
        var path = _dir.Write("ratings.dat", string.Join('\n', lines) + "\n");

        var dataset = await DatasetLoader.LoadAsync(path, options: new DataReadOptions { BadRows = BadRowPolicy.Skip });

        var report = dataset.Report.Interactions;
        Assert.Equal(2, report.RowsRead);
        Assert.Equal(7, report.RowsSkipped);
        Assert.Equal(ReadReport.MaxExamples, report.SkippedExamples.Count);
        Assert.Equal(["line 2", "line 3", "line 4", "line 5", "line 6"], report.SkippedExamples.Select(s => s.Location));
        Assert.Equal(2, dataset.Interactions.InteractionCount);
    }

    [Fact]
    public async Task Items_missing_from_the_catalog_are_kept_and_counted()
    {
        _dir.Write("d/ratings.dat", "1::10::5::1\n1::11::5::2\n2::11::5::3\n2::12::5::4\n");
        _dir.Write("d/movies.dat", "10::Ten (2000)::Drama\n10::Ten again (2000)::Drama\n");

        var dataset = await DatasetLoader.LoadAsync(_dir.File("d"));

        Assert.Equal(3, dataset.Interactions.ItemCount);
        Assert.Equal(2, dataset.Report.ItemsMissingFromCatalog);
        Assert.Equal(3, dataset.Report.InteractionsWithItemsMissingFromCatalog);
        Assert.Equal(1, dataset.Report.DuplicateCatalogIds);
        Assert.Equal("Ten (2000)", dataset.Items!.Items.Single().Title);
    }
}
