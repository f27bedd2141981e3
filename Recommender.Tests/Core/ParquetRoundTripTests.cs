using Parquet;
using Parquet.Schema;
using Recommender.Data;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Core;

public sealed class ParquetRoundTripTests : IDisposable
{
    private static readonly float[] ThreeNaNFive = [3f, float.NaN, 5f];

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Interactions_and_items_round_trip_with_numeric_ids_as_int64()
    {
        var log = Datasets.Build([new("1", "10", 100, 4f), new("1", "11", 50, 3.5f), new("2", "10", 70, 1f)]);
        var catalog = new ItemCatalog([
            new CatalogItem("10", new Dictionary<string, string> { [ItemFields.Title] = "Ten", [ItemFields.Genres] = "A|B" }),
            new CatalogItem("11", new Dictionary<string, string> { [ItemFields.Title] = "Eleven" }),
        ]);
        await ParquetDataWriter.WriteInteractionsAsync(_dir.File("d/interactions.parquet"), log);
        await ParquetDataWriter.WriteItemsAsync(_dir.File("d/items.parquet"), catalog);

        var dataset = await DatasetLoader.LoadAsync(_dir.File("d"));

        Assert.Equal(log.ToRecords(), dataset.Interactions.ToRecords());
        Assert.Equal(IdKind.Numeric, dataset.Interactions.Items.Kind);
        Assert.Equal("A|B", dataset.Items!.Items[0].GetText(ItemFields.Genres));
        Assert.Equal(string.Empty, dataset.Items.Items[1].GetText(ItemFields.Genres));
        var schema = await ParquetReader.ReadSchemaAsync(_dir.File("d/interactions.parquet"));
        Assert.Equal(["user_id", "item_id", "timestamp", "rating"], schema.DataFields.Select(f => f.Name));
        Assert.Equal(typeof(long), schema.DataFields[0].ClrType);
    }

    [Fact]
    public async Task Text_ids_are_written_as_strings_and_row_groups_stream()
    {
        var records = Enumerable.Range(0, ParquetDataWriter.RowGroupSize + 10).Select(i => new InteractionRecord($"user-{i % 7}", $"item-{i}")).ToList();
        var log = Datasets.Build(records);
        var path = _dir.File("interactions.parquet");
        await ParquetDataWriter.WriteInteractionsAsync(path, log);

        var reader = InteractionFileReader.Open(path);
        var read = await Datasets.ReadAllAsync(reader);

        Assert.Equal(log.ToRecords(), read);
        await using var file = await ParquetReader.CreateAsync(path);
        Assert.Equal(2, file.RowGroupCount);
        Assert.Equal(typeof(ReadOnlyMemory<char>), file.Schema.DataFields[0].ClrType);
    }

    [Fact]
    public async Task A_null_id_names_the_row_group_row_and_column()
    {
        var user = new DataField<string>("user");
        var item = new DataField<string>("item");
        var path = _dir.File("nulls.parquet");
        await using (var stream = File.Create(path))
        {
            await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(user, item), stream);
            using var rowGroup = writer.CreateRowGroup();
            await rowGroup.WriteAsync(user, ["a", "b", "c"]);
            await rowGroup.WriteAsync(item, ["x", null!, "z"]);
        }

        var error = await Assert.ThrowsAsync<DataFormatException>(() => Datasets.ReadAllAsync(InteractionFileReader.Open(path)));

        Assert.Equal($"{path}: row group 0, row 1: expected a value in column 'item', found 'null'.", error.Message);
    }

    [Fact]
    public async Task Whole_floating_point_ids_read_as_integers_and_a_fraction_names_file_column_row_and_value()
    {
        var user = new DataField<double>("user");
        var item = new DataField<double>("item");
        var whole = _dir.File("whole.parquet");
        var fraction = _dir.File("fraction.parquet");
        await WriteAsync(whole, new ParquetSchema(user, item), (user, [1.0, 1.0, -0.0]), (item, [54.0, 7.0, 54.0]));
        await WriteAsync(fraction, new ParquetSchema(user, item), (user, [1.0, 1.0]), (item, [54.0, 54.5]));

        var records = await Datasets.ReadAllAsync(InteractionFileReader.Open(whole));
        var error = await Assert.ThrowsAsync<DataFormatException>(() => Datasets.ReadAllAsync(InteractionFileReader.Open(fraction)));

        Assert.Equal([("1", "54"), ("1", "7"), ("0", "54")], records.Select(r => (r.UserId, r.ItemId)));
        Assert.Equal(
            $"{fraction}: row group 0, row 1: expected a whole-number id in column 'item', which holds Double values (an id with a fraction, NaN or infinity, or beyond 2^53, is not an id), found '54.5'.",
            error.Message);
    }

    [Fact]
    public async Task A_float_item_id_that_is_not_finite_is_an_error_and_can_be_skipped()
    {
        var id = new DataField<float>("item_id");
        var title = new DataField<string>("title");
        var path = _dir.File("items.parquet");
        await using (var stream = File.Create(path))
        {
            await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(id, title), stream);
            using var rowGroup = writer.CreateRowGroup();
            await rowGroup.WriteAsync<float>(id, ThreeNaNFive, null, null);
            await rowGroup.WriteAsync(title, ["Three", "Nothing", "Five"]);
        }

        var error = await Assert.ThrowsAsync<DataFormatException>(() => ItemFileReader.Open(path).ReadCatalogAsync());
        var skipping = ItemFileReader.Open(path, new DataReadOptions { BadRows = BadRowPolicy.Skip });
        var catalog = await skipping.ReadCatalogAsync();

        Assert.Equal("row group 0, row 1", error.Location);
        Assert.Contains("column 'item_id', which holds Single values", error.Message, StringComparison.Ordinal);
        Assert.Contains("found 'NaN'", error.Message, StringComparison.Ordinal);
        Assert.Equal(["3", "5"], catalog.Items.Select(i => i.Id));
        Assert.Equal(1, skipping.Report.RowsSkipped);
    }

    [Fact]
    public async Task A_failed_write_leaves_no_file_behind()
    {
        var path = _dir.File("out.parquet");

        await Assert.ThrowsAsync<InvalidOperationException>(() => Recommender.IO.AtomicFile.WriteAsync(path, async (stream, ct) =>
        {
            await stream.WriteAsync("PAR1"u8.ToArray(), ct);
            throw new InvalidOperationException("killed");
        }));

        Assert.Empty(Directory.GetFiles(_dir.Path));
    }

    [Fact]
    public async Task Garbage_with_a_parquet_name_gives_an_error_naming_the_file()
    {
        var path = _dir.Write("broken.parquet", "this is not parquet at all, just text");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => Datasets.ReadAllAsync(InteractionFileReader.Open(path)));

        Assert.IsType<DataFormatException>(error);
        Assert.StartsWith(path, error.Message, StringComparison.Ordinal);
    }

    private static async Task WriteAsync<T>(string path, ParquetSchema schema, params (DataField<T> Field, T[] Values)[] columns)
        where T : struct
    {
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(schema, stream);
        using var rowGroup = writer.CreateRowGroup();
        foreach (var (field, values) in columns)
        {
            await rowGroup.WriteAsync<T>(field, values, null, null);
        }
    }
}
