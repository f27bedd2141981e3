using Parquet;
using Parquet.Schema;
using Recommender.Data;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Core;

public sealed class ParquetRoundTripTests : IDisposable
{
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
}
