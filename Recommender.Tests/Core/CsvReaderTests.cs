using System.Text.RegularExpressions;
using CsCheck;
using Recommender.Data;
using Recommender.Data.Readers;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Core;

public sealed partial class CsvReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [GeneratedRegex("\r\n|\r|\n")]
    private static partial Regex LineBreak();

    [Fact]
    public void Any_fields_survive_quoting_and_parsing_line_by_line()
    {
        var text = Gen.Char['\0', '\u00ff'].Array[0, 12].Select(chars => new string(chars));
        Gen.Select(text.Array[1, 8], Gen.OneOf(',', ';', '\t')).Sample((fields, separator) =>
        {
            var record = string.Join(separator, fields.Select(f => CsvRecordParser.Quote(f, separator)));
            var parser = new CsvRecordParser(separator);

            // Fed the way a StreamReader splits lines, a quoted line break comes back as '\n'.
            var lines = LineBreak().Split(record);
            for (var i = 0; i < lines.Length; i++)
            {
                Assert.Equal(i == lines.Length - 1, parser.Feed(lines[i]));
            }

            Assert.Equal(fields.Select(f => LineBreak().Replace(f, "\n")), parser.TakeRecord());
        }, iter: 2000, seed: "0N0XIzNsQ0O2");
    }

    [Fact]
    public void Text_after_a_closing_quote_is_an_error()
    {
        var parser = new CsvRecordParser();

        var error = Assert.Throws<FormatException>(() => parser.Feed("\"a\"b,c"));

        Assert.Contains("after a closing quote, found 'b' at column 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Columns_are_found_by_common_names_and_iso_times_become_unix_seconds()
    {
        var path = _dir.Write("events.csv", "UserId,MovieId,Rating,Timestamp\n7,\"A, B\",4,2024-01-02T00:00:00Z\n7,C,5,2024-01-01T00:00:00Z\n");

        var log = Datasets.Build(await Datasets.ReadAllAsync(InteractionFileReader.Open(path)));

        Assert.Equal(["C", "A, B"], Datasets.ItemIds(log, 1));
        Assert.Equal([1704067200L, 1704153600L], log.GetTimestamps(1).ToArray());
    }

    [Fact]
    public async Task An_explicit_column_mapping_wins_and_a_missing_column_is_named()
    {
        var path = _dir.Write("events.csv", "who,what,when\na,x,1\na,y,2\n");
        var mapped = new DataReadOptions { Columns = ColumnMapping.Parse("user=who, item=what, time=when") };

        var log = Datasets.Build(await Datasets.ReadAllAsync(InteractionFileReader.Open(path, mapped)));
        var error = await Assert.ThrowsAsync<DataFormatException>(() => Datasets.ReadAllAsync(InteractionFileReader.Open(path)));

        Assert.Equal(["x", "y"], Datasets.ItemIds(log, 1));
        Assert.Contains("expected a header with a user column", error.Message, StringComparison.Ordinal);
        Assert.Contains("or name it with DataReadOptions.Columns, e.g. user=COLUMN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_row_with_the_wrong_field_count_names_its_line_even_after_a_multiline_field()
    {
        var path = _dir.Write("events.csv", "user,item\na,\"x\ny\"\nb\n");

        var error = await Assert.ThrowsAsync<DataFormatException>(() => Datasets.ReadAllAsync(InteractionFileReader.Open(path)));

        Assert.Equal("line 4", error.Location);
        Assert.Contains("expected 2 fields as in the header", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unclosed_quote_is_reported_at_the_line_where_it_opened()
    {
        var path = _dir.Write("events.csv", "user,item\na,x\nb,\"y\nc,z\n");

        var error = await Assert.ThrowsAsync<DataFormatException>(() => Datasets.ReadAllAsync(InteractionFileReader.Open(path)));

        Assert.Equal("line 3", error.Location);
        Assert.Contains("a closing quote before the end of the file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Item_csv_keeps_every_other_column_as_text()
    {
        var path = _dir.Write("items.csv", "item_id,Title,Description\n1,\"Dune, Part Two\",\"Sand; \"\"worms\"\"\"\n");

        var catalog = await ItemFileReader.Open(path).ReadCatalogAsync();

        var item = Assert.Single(catalog.Items);
        Assert.Equal("Dune, Part Two", item.Title);
        Assert.Equal("Sand; \"worms\"", item.GetText(ItemFields.Description));
    }

    [Fact]
    public void Column_mapping_rejects_unknown_keys()
    {
        var error = Assert.Throws<FormatException>(() => ColumnMapping.Parse("user=a,colour=b"));

        Assert.Contains("Unknown column mapping key 'colour'", error.Message, StringComparison.Ordinal);
    }
}
