using System.Globalization;
using System.Text;
using CsCheck;
using Parquet;
using Parquet.Schema;
using Recommender.Data;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Core;

/// <summary>
/// Every reader, fed random bytes and damaged or re-encoded valid files, either reads or throws a
/// <see cref="DataFormatException"/> that names the file; and a valid file re-encoded reads back the same.
/// </summary>
[Trait("Category", FuzzCases.Category)]
public sealed class ReaderFuzzTests : IDisposable
{
    private const int FastCases = 200;

    private static readonly string Flags = string.Join('|', Enumerable.Repeat("0", 19));

    private static readonly byte[] Inserted = ",\"\n\r\t:|; \0"u8.ToArray();

    private static readonly string[] Encodings = ["utf-8", "utf-8-bom", "utf-16le-bom", "utf-16be-bom", "utf-16le-nobom", "utf-16be-nobom", "latin1"];

    private readonly TempDirectory _dir = new();
    private long _case;

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> TextFiles =>
        ["interactions.csv", "items.csv", "ratings.dat", "movies.dat", "u.data", "u.item", "log.txt", "sequences.txt", "ratings.dat.gz", "movies.dat.gz"];

    [Theory]
    [MemberData(nameof(TextFiles))]
    public void Text_readers_read_or_name_the_file_and_re_encoded_files_read_back_the_same(string name)
    {
        var plain = name.EndsWith(".gz", StringComparison.Ordinal) ? name[..^3] : name;
        var valid = Valid(plain);
        var expected = Read(Write(plain, Encoding.UTF8.GetBytes(valid)), plain, BadRowPolicy.Fail)!;
        Assert.NotEmpty(expected);

        FuzzSample.Run(Gen.Select(Gen.Int[0, 6], Gen.Int[0, int.MaxValue], Gen.Byte.Array[0, 300], Gen.Bool), FuzzCases.Count(FastCases), 1, c =>
        {
            var (mode, salt, noise, skip) = c;
            var random = new Random(salt);
            var encoding = Encodings[random.Next(Encodings.Length)];
            var bytes = TextEncodingReaderTests.Encode(valid, encoding);
            var roundTrip = false;
            switch (mode)
            {
                case 0:
                    bytes = noise;
                    break;
                case 1:
                    bytes = bytes[..random.Next(bytes.Length + 1)];
                    break;
                case 2:
                    Flip(bytes, random);
                    break;
                case 3:
                    bytes = Insert(bytes, random);
                    break;
                case 4:
                    roundTrip = true;
                    break;
                case 5:
                    // A known prefix (a byte order mark, or the gzip magic) before random bytes.
                    bytes = [.. random.Next(4) switch { 0 => [0xEF, 0xBB, 0xBF], 1 => [0xFF, 0xFE], 2 => [0xFE, 0xFF], _ => new byte[] { 0x1F, 0x8B } }, .. noise];
                    break;
            }

            if (name.EndsWith(".gz", StringComparison.Ordinal))
            {
                bytes = GzipReaderTests.Gzip(bytes);
                if (mode == 6)
                {
                    // Damage the compressed bytes themselves.
                    bytes = random.Next(2) == 0 ? bytes[..random.Next(bytes.Length)] : Flipped(bytes, random);
                }
            }
            else if (mode == 6)
            {
                bytes = GzipReaderTests.Gzip(Insert(bytes, random));
            }

            var policy = skip && !roundTrip ? BadRowPolicy.Skip : BadRowPolicy.Fail;
            Check(Write(name, bytes), name, policy, roundTrip ? expected : null);
        });
    }

    [Theory]
    [InlineData("interactions.parquet")]
    [InlineData("items.parquet")]
    public void Parquet_readers_read_or_name_the_file_whatever_the_column_types(string name)
    {
        FuzzSample.Run(Gen.Select(Gen.Int[0, 4], Gen.Int[0, int.MaxValue], Gen.Int[1, 30], Gen.Int[0, 2]), FuzzCases.Count(FastCases), 2, c =>
        {
            var (type, salt, rows, damage) = c;
            var random = new Random(salt);
            var ids = Enumerable.Range(0, rows).Select(i => (i * 100) - 5 + random.Next(100)).ToArray();
            var fraction = type >= 3 && random.Next(4) == 0 ? random.Next(rows) : -1;
            var path = NewPath(name);
            WriteParquetAsync(path, name, type, ids, fraction).GetAwaiter().GetResult();
            if (damage == 0)
            {
                var expected = ids.Select(i => i.ToString(CultureInfo.InvariantCulture)).ToList();
                if (fraction >= 0)
                {
                    var error = Assert.Throws<DataFormatException>(() => Read(path, name, BadRowPolicy.Fail));
                    Assert.Equal($"row group 0, row {fraction}", error.Location);
                    return;
                }

                var read = Read(path, name, BadRowPolicy.Fail)!;
                Assert.Equal(expected, read.Select(r => r.Split('|')[name.StartsWith("items", StringComparison.Ordinal) ? 0 : 1]));
                return;
            }

            var bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, damage == 1 ? bytes[..random.Next(bytes.Length)] : Flipped(bytes, random));
            Check(path, name, random.Next(2) == 0 ? BadRowPolicy.Fail : BadRowPolicy.Skip, null);
        });
    }

    private static void Check(string path, string name, BadRowPolicy policy, List<string>? expected)
    {
        try
        {
            var read = Read(path, name, policy);
            if (expected is not null)
            {
                Assert.Equal(expected, read);
            }
        }
        catch (DataFormatException e)
        {
            Assert.True(expected is null, $"a valid file re-encoded failed to read: {e.Message}");
            Assert.StartsWith(path + ": ", e.Message, StringComparison.Ordinal);
            Assert.Contains(e.Location, e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(e.Message, char.IsControl);
        }
    }

    /// <summary>The file's records as text, so two reads compare whatever the format.</summary>
    private static List<string>? Read(string path, string name, BadRowPolicy policy)
    {
        var options = new DataReadOptions { BadRows = policy };
        if (name.StartsWith("items", StringComparison.Ordinal) || name.StartsWith("movies", StringComparison.Ordinal) || name.StartsWith("u.item", StringComparison.Ordinal))
        {
            var catalog = ItemFileReader.Open(path, options).ReadCatalogAsync().GetAwaiter().GetResult();
            return [.. catalog.Items.Select(i => $"{i.Id}|{i.Title}|{string.Join(';', i.Fields.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value}"))}")];
        }

        var records = Datasets.ReadAllAsync(InteractionFileReader.Open(path, options)).GetAwaiter().GetResult();
        return [.. records.Select(r => $"{r.UserId}|{r.ItemId}|{r.Timestamp}|{r.Rating}")];
    }

    private static string Valid(string name) => name switch
    {
        "interactions.csv" => "user,item,rating,timestamp\nZoë,café,4.5,1\nZoë,\"thé, vert\",3,2\nJosé,café,5,3\nJosé,crème,1,4\n",
        "items.csv" => "item_id,title,genres\ncafé,\"Amélie, le film (2001)\",Comedy\nthé,Léon (1994),Drama\n3,\"Quote \"\"this\"\"\",War\n",
        "ratings.dat" => "1::10::5::978300760\n1::20::3::978300700\nZoë::café::4::978300000\n2::30::2::978300001\n",
        "movies.dat" => "10::Amélie (2001)::Comedy|Romance\n20::Heat (1995)::Action\n30::Léon (1994)::Drama\n",
        "u.data" => "196\t242\t3\t881250949\n186\t302\t3\t891717742\nZoë\tcafé\t1\t878887116\n",
        "u.item" => $"242|Kolya (1996)|24-Jan-1997||http://x|{Flags}\n302|Amélie (2001)|01-Jan-2001||http://y|{Flags}\n",
        "log.txt" => "u1 a 4.5 30\nu1 b 3 10\nZoë café 1 20\nu2 a 2 5\n",
        _ => "u1 a b c\nZoë café thé\nu2 c\n",
    };

    private static void Flip(byte[] bytes, Random random)
    {
        for (var i = random.Next(1, 5); i > 0 && bytes.Length > 0; i--)
        {
            bytes[random.Next(bytes.Length)] ^= (byte)random.Next(1, 256);
        }
    }

    private static byte[] Flipped(byte[] bytes, Random random)
    {
        var copy = (byte[])bytes.Clone();
        Flip(copy, random);
        return copy;
    }

    private static byte[] Insert(byte[] bytes, Random random)
    {
        var list = bytes.ToList();
        for (var i = random.Next(1, 5); i > 0; i--)
        {
            list.Insert(random.Next(list.Count + 1), Inserted[random.Next(Inserted.Length)]);
        }

        return [.. list];
    }

    private static async Task WriteParquetAsync(string path, string name, int type, int[] ids, int fraction)
    {
        var items = name.StartsWith("items", StringComparison.Ordinal);
        var id = IdField(items ? "item_id" : "item", type);
        var other = items ? (DataField)new DataField<string>("title") : IdField("user", (type + 1) % 5);
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(other, id), stream);
        using var rowGroup = writer.CreateRowGroup();
        await WriteColumnAsync(rowGroup, other, ids.Select(i => i % 7).ToArray(), -1);
        await WriteColumnAsync(rowGroup, id, ids, fraction);
    }

    private static DataField IdField(string name, int type) => type switch
    {
        0 => new DataField<string>(name),
        1 => new DataField<long>(name),
        2 => new DataField<int>(name),
        3 => new DataField<double>(name),
        _ => new DataField<float>(name),
    };

    private static Task WriteColumnAsync(ParquetRowGroupWriter rowGroup, DataField field, int[] ids, int fraction) => field switch
    {
        DataField<string> text => rowGroup.WriteAsync(text, ids.Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray()),
        DataField<long> longs => rowGroup.WriteAsync<long>(longs, ids.Select(i => (long)i).ToArray(), null, null),
        DataField<int> ints => rowGroup.WriteAsync<int>(ints, ids, null, null),
        DataField<double> doubles => rowGroup.WriteAsync<double>(doubles, ids.Select((v, r) => r == fraction ? v + 0.5 : v).ToArray(), null, null),
        DataField<float> floats => rowGroup.WriteAsync<float>(floats, ids.Select((v, r) => r == fraction ? v + 0.5f : v).ToArray(), null, null),
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    private string NewPath(string name)
    {
        var folder = _dir.File((++_case).ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }

    private string Write(string name, byte[] bytes)
    {
        var path = NewPath(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
