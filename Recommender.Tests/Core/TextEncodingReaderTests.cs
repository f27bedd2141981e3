using System.Text;
using Recommender.Data;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Core;

public sealed class TextEncodingReaderTests : IDisposable
{
    private static readonly string Flags = string.Join('|', Enumerable.Repeat("0", 19));

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string, string> ItemFilesAndEncodings => Cross(["items.csv", "movies.dat", "u.item"]);

    public static TheoryData<string, string> InteractionFilesAndEncodings => Cross(["interactions.csv", "ratings.dat", "u.data", "log.txt", "sequences.txt"]);

    [Theory]
    [MemberData(nameof(ItemFilesAndEncodings))]
    public async Task Item_titles_keep_their_accents_in_every_encoding(string name, string encoding)
    {
        var text = name switch
        {
            "items.csv" => "item_id,title\n10,Amélie (2001)\n20,Léon (1994)\n",
            "movies.dat" => "10::Amélie (2001)::Comedy\n20::Léon (1994)::Drama\n",
            _ => $"10|Amélie (2001)|01-Jan-2001||http://x|{Flags}\n20|Léon (1994)|01-Jan-1994||http://y|{Flags}\n",
        };
        var path = Write(name, text, encoding);

        var reader = ItemFileReader.Open(path);
        var catalog = await reader.ReadCatalogAsync();

        Assert.Equal(["Amélie (2001)", "Léon (1994)"], catalog.Items.Select(i => i.Title));
        Assert.Equal(ExpectedName(encoding), reader.Report.Encoding);
    }

    [Theory]
    [MemberData(nameof(InteractionFilesAndEncodings))]
    public async Task Interaction_ids_keep_their_accents_in_every_encoding(string name, string encoding)
    {
        var text = name switch
        {
            "interactions.csv" => "user,item\nZoë,café\nZoë,thé\nJosé,café\n",
            "ratings.dat" => "Zoë::café::5::1\nZoë::thé::4::2\nJosé::café::3::3\n",
            "u.data" => "Zoë\tcafé\t5\t1\nZoë\tthé\t4\t2\nJosé\tcafé\t3\t3\n",
            "log.txt" => "Zoë café\nZoë thé\nJosé café\n",
            _ => "Zoë café thé\nJosé café\n",
        };
        var path = Write(name, text, encoding);

        var reader = InteractionFileReader.Open(path);
        var records = await Datasets.ReadAllAsync(reader);

        Assert.Equal([("Zoë", "café"), ("Zoë", "thé"), ("José", "café")], records.Select(r => (r.UserId, r.ItemId)));
        Assert.Equal(ExpectedName(encoding), reader.Report.Encoding);
    }

    [Fact]
    public async Task A_latin1_csv_item_file_is_detected_and_says_why()
    {
        var path = _dir.Write("items.csv", "item_id,title\n54,Amélie (2001)\n", Encoding.Latin1);

        var reader = ItemFileReader.Open(path);
        var catalog = await reader.ReadCatalogAsync();

        Assert.Equal("Amélie (2001)", catalog.Items.Single().Title);
        Assert.Equal("Latin-1", reader.Report.Encoding);
        Assert.Equal("not valid UTF-8: first invalid byte at offset 19", reader.Report.EncodingDecision);
    }

    [Fact]
    public async Task The_reason_for_each_detected_encoding_is_reported()
    {
        var reasons = new List<string?>();
        foreach (var encoding in new[] { "utf-8", "utf-8-bom", "utf-16le-bom", "utf-16be-nobom" })
        {
            var reader = ItemFileReader.Open(Write("items.csv", "id,title\n1,Amélie\n", encoding));
            await reader.ReadCatalogAsync();
            reasons.Add($"{reader.Report.Encoding} ({reader.Report.EncodingDecision})");
        }

        Assert.Equal(
            ["UTF-8 (valid UTF-8)", "UTF-8 (byte order mark)", "UTF-16LE (byte order mark)", "UTF-16BE (no byte order mark; NUL bytes in every other position)"],
            reasons);
    }

    [Fact]
    public async Task A_character_split_across_the_detection_chunks_is_still_utf8()
    {
        // The detector reads 64 KiB at a time; 'é' takes the chunk's last byte and the next chunk's first.
        var text = "item_id,title\n1," + new string('a', (1 << 16) - 17) + "é\n";
        var path = _dir.Write("items.csv", text);

        var reader = ItemFileReader.Open(path);
        var catalog = await reader.ReadCatalogAsync();

        Assert.Equal("UTF-8", reader.Report.Encoding);
        Assert.EndsWith("aé", catalog.Items.Single().Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_given_encoding_wins_over_detection()
    {
        var path = _dir.Write("items.csv", "item_id,title\n54,AmÃ©lie\n");

        var reader = ItemFileReader.Open(path, new DataReadOptions { Encoding = Encoding.Latin1 });
        var catalog = await reader.ReadCatalogAsync();

        Assert.Equal("AmÃ\u0083Â©lie", catalog.Items.Single().Title);
        Assert.Equal(("Latin-1", "given"), (reader.Report.Encoding, reader.Report.EncodingDecision));
    }

    [Fact]
    public async Task Bytes_the_given_encoding_cannot_decode_stop_the_read_at_their_line()
    {
        var path = _dir.File("ratings.dat");
        File.WriteAllBytes(path, [.. "1::10::5::1\n1::11::5::2\n"u8, .. "2::Am"u8, 0xE9, .. "lie::5::3\n"u8]);

        var error = await Assert.ThrowsAsync<DataFormatException>(
            () => Datasets.ReadAllAsync(InteractionFileReader.Open(path, new DataReadOptions { Encoding = Encoding.UTF8 })));

        Assert.Equal("line 3", error.Location);
        Assert.Equal(
            $"{path}: line 3: the bytes E9 at byte offset 29 are not valid UTF-8 (the file is read as UTF-8: given). If the file is in another encoding, name it with DataReadOptions.Encoding.",
            error.Message);
    }

    [Fact]
    public async Task Utf16_given_as_little_endian_follows_a_big_endian_byte_order_mark()
    {
        var path = Write("items.csv", "id,title\n1,Amélie\n", "utf-16be-bom");

        var reader = ItemFileReader.Open(path, new DataReadOptions { Encoding = Encoding.Unicode });
        var catalog = await reader.ReadCatalogAsync();

        Assert.Equal("Amélie", catalog.Items.Single().Title);
        Assert.Equal("UTF-16BE", reader.Report.Encoding);
    }

    internal static readonly string[] Encodings = ["utf-8", "utf-8-bom", "utf-16le-bom", "utf-16be-bom", "utf-16le-nobom", "utf-16be-nobom", "latin1"];

    /// <summary>The bytes of <paramref name="text"/> in the named encoding, with or without a byte order mark.</summary>
    internal static byte[] Encode(string text, string encoding)
    {
        Encoding e = encoding switch
        {
            "utf-8" or "utf-8-bom" => new UTF8Encoding(false),
            "utf-16le-bom" or "utf-16le-nobom" => new UnicodeEncoding(false, false),
            "utf-16be-bom" or "utf-16be-nobom" => new UnicodeEncoding(true, false),
            _ => Encoding.Latin1,
        };
        var bom = encoding.EndsWith("-bom", StringComparison.Ordinal) ? new UnicodeEncoding(encoding.Contains("be", StringComparison.Ordinal), true).GetPreamble() : [];
        if (encoding == "utf-8-bom")
        {
            bom = Encoding.UTF8.GetPreamble();
        }

        return [.. bom, .. e.GetBytes(text)];
    }

    private static string ExpectedName(string encoding) => encoding switch
    {
        "utf-8" or "utf-8-bom" => "UTF-8",
        "latin1" => "Latin-1",
        _ when encoding.StartsWith("utf-16le", StringComparison.Ordinal) => "UTF-16LE",
        _ => "UTF-16BE",
    };

    private static TheoryData<string, string> Cross(string[] names)
    {
        var data = new TheoryData<string, string>();
        foreach (var name in names)
        {
            foreach (var encoding in Encodings)
            {
                data.Add(name, encoding);
            }
        }

        return data;
    }

    private string Write(string name, string text, string encoding)
    {
        var path = _dir.File(name);
        File.WriteAllBytes(path, Encode(text, encoding));
        return path;
    }
}
