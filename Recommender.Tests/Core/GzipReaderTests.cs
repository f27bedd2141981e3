using System.IO.Compression;
using System.Text;
using Recommender.Data;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Core;

public sealed class GzipReaderTests : IDisposable
{
    private static readonly string Flags = string.Join('|', Enumerable.Repeat("0", 19));

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> InteractionNames => ["interactions.csv", "ratings.dat", "u.data", "log.txt", "sequences.txt"];

    public static TheoryData<string> ItemNames => ["items.csv", "movies.dat", "u.item"];

    [Theory]
    [MemberData(nameof(InteractionNames))]
    public async Task Compressed_interactions_read_as_the_uncompressed_file_does(string name)
    {
        var text = Interactions(name);
        var plain = _dir.Write(name, text);
        var compressed = WriteGzip(name + ".gz", Encoding.UTF8.GetBytes(text));

        var expected = await Datasets.ReadAllAsync(InteractionFileReader.Open(plain));
        var reader = InteractionFileReader.Open(compressed);
        var actual = await Datasets.ReadAllAsync(reader);

        Assert.Equal(expected, actual);
        Assert.Equal(InteractionFileReader.Open(plain).Format, reader.Format);
    }

    [Theory]
    [MemberData(nameof(ItemNames))]
    public async Task Compressed_items_read_as_the_uncompressed_file_does(string name)
    {
        var text = name switch
        {
            "items.csv" => "item_id,title\n10,Amélie (2001)\n20,Léon (1994)\n",
            "movies.dat" => "10::Amélie (2001)::Comedy\n20::Léon (1994)::Drama\n",
            _ => $"10|Amélie (2001)|01-Jan-2001||http://x|{Flags}\n20|Léon (1994)|01-Jan-1994||http://y|{Flags}\n",
        };
        var path = WriteGzip(name + ".gz", Encoding.Latin1.GetBytes(text));

        var reader = ItemFileReader.Open(path);
        var catalog = await reader.ReadCatalogAsync();

        Assert.Equal(["Amélie (2001)", "Léon (1994)"], catalog.Items.Select(i => i.Title));
        Assert.Equal("Latin-1", reader.Report.Encoding);
    }

    [Fact]
    public async Task Gzip_is_recognised_by_its_first_bytes_whatever_the_name_and_the_format_by_the_content()
    {
        var path = WriteGzip("download.bin", Encoding.UTF8.GetBytes("1::10::5::1\n1::11::4::2\n"));

        var reader = InteractionFileReader.Open(path);
        var records = await Datasets.ReadAllAsync(reader);

        Assert.Equal(InteractionFormat.MovieLens1M, reader.Format);
        Assert.Equal(2, records.Count);
    }

    [Fact]
    public async Task A_dataset_folder_finds_compressed_files_by_name()
    {
        WriteGzip("ml/ratings.dat.gz", Encoding.UTF8.GetBytes("1::10::5::1\n1::20::4::2\n2::10::3::3\n"));
        WriteGzip("ml/movies.dat.gz", Encoding.Latin1.GetBytes("10::Amélie (2001)::Comedy\n20::Léon (1994)::Drama\n"));

        var dataset = await DatasetLoader.LoadAsync(_dir.File("ml"));

        Assert.Equal(3, dataset.Interactions.InteractionCount);
        Assert.True(dataset.Items!.TryGetItem("10", out var amelie));
        Assert.Equal("Amélie (2001)", amelie.Title);
    }

    [Fact]
    public async Task A_compressed_parquet_file_is_refused_with_the_reason()
    {
        var parquet = _dir.File("interactions.parquet");
        await ParquetDataWriter.WriteInteractionsAsync(parquet, Datasets.Build([new InteractionRecord("1", "10", 1, null)]));
        var bytes = File.ReadAllBytes(parquet);
        var named = WriteGzip("interactions.parquet.gz", bytes);
        var unnamed = WriteGzip("interactions.gz", bytes);

        foreach (var path in new[] { named, unnamed })
        {
            var error = await Assert.ThrowsAsync<DataFormatException>(() => Datasets.ReadAllAsync(InteractionFileReader.Open(path)));
            Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
            Assert.Contains("Parquet files are compressed internally; give the Parquet file uncompressed", error.Message, StringComparison.Ordinal);
        }

        var items = await Assert.ThrowsAsync<DataFormatException>(() => ItemFileReader.Open(named).ReadCatalogAsync());
        Assert.Contains("Parquet files are compressed internally", items.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_gzip_file_is_an_error_naming_the_file_and_the_line_reached()
    {
        var lines = string.Concat(Enumerable.Range(0, 20000).Select(i => $"{i % 97}::{i}::5::{i}\n"));
        var whole = Gzip(Encoding.UTF8.GetBytes(lines));
        var path = _dir.File("ratings.dat.gz");
        File.WriteAllBytes(path, whole[..(whole.Length / 2)]);

        var error = await Assert.ThrowsAsync<DataFormatException>(() => Datasets.ReadAllAsync(InteractionFileReader.Open(path, new DataReadOptions { Encoding = Encoding.UTF8 })));

        Assert.Equal(path, error.FilePath);
        Assert.Matches("^line [0-9]+$", error.Location);
        Assert.Contains("the gzip data cannot be decompressed", error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Corrupt_gzip_data_is_an_error_naming_the_file()
    {
        var bytes = Gzip(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 2000).Select(i => $"{i}::{i}::5::{i}\n"))));
        bytes[3] = 0xFF;
        var path = _dir.File("ratings.dat.gz");
        File.WriteAllBytes(path, bytes);

        var error = await Assert.ThrowsAsync<DataFormatException>(() => Datasets.ReadAllAsync(InteractionFileReader.Open(path)));

        Assert.Equal(path, error.FilePath);
        Assert.Contains("the gzip data cannot be decompressed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bytes_past_the_detection_sample_that_are_not_utf8_stop_the_read_at_their_line()
    {
        // Detection reads the first 1 MiB of a compressed file; a Latin-1 title after it is caught by the strict decoder.
        var head = string.Concat(Enumerable.Range(0, 60000).Select(i => $"{i}::Title {i}::Drama\n"));
        var bytes = Encoding.UTF8.GetBytes(head).Concat(Encoding.Latin1.GetBytes("99999::Amélie (2001)::Comedy\n")).ToArray();
        Assert.True(bytes.Length > 1 << 20);
        var path = WriteGzip("movies.dat.gz", bytes);

        var error = await Assert.ThrowsAsync<DataFormatException>(() => ItemFileReader.Open(path).ReadCatalogAsync());

        Assert.Equal("line 60001", error.Location);
        Assert.Contains("are not valid UTF-8 (the file is read as UTF-8: valid UTF-8 in the first 1 MiB decompressed)", error.Message, StringComparison.Ordinal);
        Assert.Contains("name it with DataReadOptions.Encoding", error.Message, StringComparison.Ordinal);
    }

    internal static byte[] Gzip(byte[] bytes)
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return memory.ToArray();
    }

    internal static string Interactions(string name) => name switch
    {
        "interactions.csv" => "user,item,timestamp\n1,10,1\n1,20,2\n2,10,3\n",
        "ratings.dat" => "1::10::5::1\n1::20::4::2\n2::10::3::3\n",
        "u.data" => "1\t10\t5\t1\n1\t20\t4\t2\n2\t10\t3\t3\n",
        "log.txt" => "1 10\n1 20\n2 10\n",
        _ => "1 10 20\n2 10\n",
    };

    private string WriteGzip(string name, byte[] bytes)
    {
        var path = _dir.File(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, Gzip(bytes));
        return path;
    }
}
