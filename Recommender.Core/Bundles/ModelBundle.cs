using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Recommender.Data;
using Recommender.IO;
using Recommender.Text;

namespace Recommender.Bundles;

/// <summary>
/// A trained model packed for scoring without training code: one zip (<c>*.recbundle</c>) of a <c>manifest.json</c>
/// (format version, model shape, item id map, tokenizer, training protocol and metrics, creation time, library
/// versions, the length and SHA-256 of every other part), the ONNX graphs of <see cref="BundleGraphs"/>, the item
/// vector table, item titles and item popularity. Loading checks all of it and names what is wrong.
/// </summary>
public sealed class ModelBundle
{
    /// <summary>The newest bundle format this library reads and the one it writes.</summary>
    public const int FormatVersion = 1;

    internal const string ManifestPart = "manifest.json";
    internal const string ItemVectorsPart = "item_vectors.bin";
    internal const string OutputVectorsPart = "output_vectors.bin";
    internal const string PopularityPart = "popularity.bin";
    internal const string TitlesPart = "item_titles.json";

    // Graphs, titles and popularity as bytes; the item tables (the bulk of a large catalog) only as floats, never twice.
    private readonly Dictionary<string, byte[]> _parts;
    private readonly Dictionary<string, float[]> _vectors;

    internal ModelBundle(BundleModel model, BundleTraining training, IReadOnlyDictionary<string, string> libraries, IdMap items, ItemTextTokenizer? tokenizer, IReadOnlyDictionary<string, byte[]> graphs,
        float[] itemVectors, float[]? outputVectors, int[] popularity, IReadOnlyList<string> titles)
    {
        _parts = new Dictionary<string, byte[]>(graphs)
        {
            [PopularityPart] = MemoryMarshal.AsBytes(popularity.AsSpan()).ToArray(),
            [TitlesPart] = JsonSerializer.SerializeToUtf8Bytes(titles),
        };
        _vectors = new Dictionary<string, float[]> { [ItemVectorsPart] = itemVectors };
        if (outputVectors is not null)
        {
            _vectors[OutputVectorsPart] = outputVectors;
        }

        var parts = _parts.ToDictionary(p => p.Key, p => new BundlePart(p.Value.Length, Hash(p.Value)));
        foreach (var (name, vectors) in _vectors)
        {
            parts[name] = new BundlePart(vectors.LongLength * sizeof(float), Hash(MemoryMarshal.AsBytes(vectors.AsSpan())));
        }

        Manifest = new BundleManifest(FormatVersion, DateTimeOffset.UtcNow, libraries, model, training, parts);
        Items = items;
        Tokenizer = tokenizer;
        Check("the bundle being written");
    }

    private ModelBundle(BundleManifest manifest, IdMap items, ItemTextTokenizer? tokenizer, Dictionary<string, byte[]> parts, Dictionary<string, float[]> vectors, string source)
    {
        Manifest = manifest;
        Items = items;
        Tokenizer = tokenizer;
        _parts = parts;
        _vectors = vectors;
        Check(source);
    }

    /// <summary>What the bundle says about itself.</summary>
    public BundleManifest Manifest { get; }

    /// <summary>Item ids by index (1..ItemCount; 0 is padding).</summary>
    public IdMap Items { get; }

    /// <summary>The tokenizer of the text encoder, or null for a model without text.</summary>
    public ItemTextTokenizer? Tokenizer { get; }

    /// <summary>Item titles by index; element 0 is padding and items without a title have "".</summary>
    public IReadOnlyList<string> Titles { get; private set; } = [];

    /// <summary>The ONNX graph of one of the <see cref="BundleGraphs"/> parts.</summary>
    /// <exception cref="KeyNotFoundException">The bundle has no such graph (the text encoder of a model without text).</exception>
    public byte[] Graph(string part) => part.EndsWith(".onnx", StringComparison.Ordinal) && _parts.TryGetValue(part, out var graph)
        ? graph
        : throw new KeyNotFoundException($"The bundle has no graph '{part}'.");

    /// <summary>The input item table <c>[ItemCount + 1, Dim]</c>, row-major; row 0 (padding) is zero.</summary>
    public ReadOnlyMemory<float> ItemVectors => ItemVectorArray;

    /// <summary>The table scores are computed against: <see cref="ItemVectors"/> itself unless the model has a separate one.</summary>
    public ReadOnlyMemory<float> OutputVectors => OutputVectorArray;

    /// <summary>The popularity counts as floats, the form the ML.NET stage scores with, made without an intermediate copy.</summary>
    internal float[] PopularityAsFloats()
    {
        var counts = PopularityCounts;
        var floats = new float[counts.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            floats[i] = counts[i];
        }

        return floats;
    }

    /// <summary>Training interactions by item index (0 for padding), as the bundle stores them.</summary>
    internal ReadOnlySpan<int> PopularityCounts => MemoryMarshal.Cast<byte, int>(_parts[PopularityPart]);

    /// <summary>The array behind <see cref="ItemVectors"/>, shared rather than copied; nothing may write to it.</summary>
    internal float[] ItemVectorArray => _vectors[ItemVectorsPart];

    internal float[] OutputVectorArray => _vectors.GetValueOrDefault(OutputVectorsPart) ?? ItemVectorArray;

    /// <summary>Training interactions per item index (element 0 is padding): the ranking for users with no usable history.</summary>
    public int[] Popularity() => PopularityCounts.ToArray();

    /// <summary>Writes the bundle to <paramref name="path"/> atomically: a failed write leaves no file.</summary>
    public void Save(string path) => AtomicFile.Write(path, Save);

    /// <summary>Writes the bundle to a stream.</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        var manifest = JsonSerializer.SerializeToNode(Manifest, BundleJson.Options)!.AsObject();
        manifest["items"] = JsonNode.Parse(Saved(Items.Save));
        manifest["tokenizer"] = Tokenizer is null ? null : JsonNode.Parse(Saved(Tokenizer.Save));
        using (var entry = zip.CreateEntry(ManifestPart, CompressionLevel.Fastest).Open())
        {
            using var writer = new Utf8JsonWriter(entry, new JsonWriterOptions { Indented = true });
            manifest.WriteTo(writer);
        }

        foreach (var (name, bytes) in _parts)
        {
            ZipParts.Write(zip, name, bytes);
        }

        foreach (var (name, vectors) in _vectors)
        {
            ZipParts.Write(zip, name, MemoryMarshal.AsBytes(vectors.AsSpan()));
        }
    }

    /// <summary>Reads and checks a bundle.</summary>
    /// <remarks>
    /// A bundle whose item tables take 64 MB or more is followed by one full, compacting garbage collection, so the
    /// memory that reading it used for a moment (the manifest, the parts' bytes) goes back to the operating system
    /// instead of staying committed to the managed heap beside the tables.
    /// </remarks>
    /// <exception cref="InvalidDataException">
    /// The file is not a zip or is damaged, a part is missing or its hash does not match the manifest, the format
    /// version is newer than this library reads, or the manifest is inconsistent; the message says which.
    /// </exception>
    public static ModelBundle Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = File.OpenRead(path);
        return Load(stream, path);
    }

    /// <summary>Reads and checks a bundle from a stream; <paramref name="name"/> names it in error messages.</summary>
    /// <remarks>As for <see cref="Load(string)"/>.</remarks>
    /// <exception cref="InvalidDataException">As for <see cref="Load(string)"/>.</exception>
    public static ModelBundle Load(Stream stream, string name = "the bundle")
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            var (manifest, items, tokenizer) = ReadManifest(zip, name);
            var parts = new Dictionary<string, byte[]>();
            var vectors = new Dictionary<string, float[]>();
            foreach (var (part, expected) in manifest.Parts)
            {
                if (part is ItemVectorsPart or OutputVectorsPart)
                {
                    var table = ReadVectors(zip, name, part, expected, manifest.Model);
                    Verify(name, part, MemoryMarshal.AsBytes(table.AsSpan()), expected);
                    vectors[part] = table;
                }
                else
                {
                    var bytes = ZipParts.Read(zip, name, part);
                    Verify(name, part, bytes, expected);
                    parts[part] = bytes;
                }
            }

            var bundle = new ModelBundle(manifest, items, tokenizer, parts, vectors, name);
            // One collection here: without it a million-item catalog kept about 15 MB of free but committed heap, which put the
            // process above 1.5x its table (benchmarks/RESULTS.md); loading is rare and slow enough that one
            // collection does not show.
            if (vectors.Values.Sum(v => (long)v.Length) * sizeof(float) >= LargeTableBytes)
            {
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            }

            return bundle;
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException)
        {
            throw new InvalidDataException($"{name}: {ManifestPart} is not a valid manifest: {e.Message}", e);
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith(name, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{name} is not a readable bundle: {e.Message}", e);
        }
    }

    // For a large catalog the manifest is tens of megabytes of ids. One forward-only pass finds where each top-level
    // section is, and each is read from its own bytes: no document is built and the ids never become strings
    // (IdMap.Read); the bytes are let go before the item tables are read.
    private static (BundleManifest Manifest, IdMap Items, ItemTextTokenizer? Tokenizer) ReadManifest(ZipArchive zip, string name)
    {
        var json = ZipParts.Read(zip, name, ManifestPart);
        var sections = TopLevelSections(json);
        var version = Reader(json, sections, "formatVersion");
        if (version.TokenType != JsonTokenType.Number || !version.TryGetInt32(out var formatVersion))
        {
            throw new InvalidDataException($"{name}: {ManifestPart} has no formatVersion; it is not a recommender bundle.");
        }

        if (formatVersion > FormatVersion)
        {
            throw new InvalidDataException($"{name} has bundle format version {formatVersion}, newer than this library reads ({FormatVersion}); update the Recommender packages to load it.");
        }

        if (formatVersion < 1)
        {
            throw new InvalidDataException($"{name} has bundle format version {formatVersion}; versions start at 1.");
        }

        var manifest = JsonSerializer.Deserialize<BundleManifest>(json, BundleJson.Options) ?? throw new InvalidDataException($"{name}: {ManifestPart} is empty.");
        if (manifest.Model is null || manifest.Training is null || manifest.Parts is null || manifest.Libraries is null)
        {
            throw new InvalidDataException($"{name}: {ManifestPart} lacks one of model, training, parts, libraries.");
        }

        var itemMap = Reader(json, sections, "items");
        var items = itemMap.TokenType == JsonTokenType.StartObject
            ? IdMap.Read(ref itemMap)
            : throw new InvalidDataException($"{name}: {ManifestPart} has no 'items' object.");
        var tokenizer = sections.TryGetValue("tokenizer", out var saved) && Reader(json, sections, "tokenizer").TokenType == JsonTokenType.StartObject
            ? ItemTextTokenizer.Load(new MemoryStream(json, saved.Start, saved.Length, writable: false))
            : null;
        return (manifest, items, tokenizer);
    }

    /// <summary>Where the value of each top-level property of <paramref name="json"/> starts and how long it is; empty when it is not an object.</summary>
    private static Dictionary<string, (int Start, int Length)> TopLevelSections(byte[] json)
    {
        var sections = new Dictionary<string, (int Start, int Length)>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return sections;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = reader.GetString()!;
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            sections[property] = (start, (int)reader.BytesConsumed - start);
        }

        return sections;
    }

    /// <summary>A reader on the first token of a section, or on none (<see cref="JsonTokenType.None"/>) when the manifest has no such section.</summary>
    private static Utf8JsonReader Reader(byte[] json, Dictionary<string, (int Start, int Length)> sections, string section)
    {
        if (!sections.TryGetValue(section, out var at))
        {
            return default;
        }

        var reader = new Utf8JsonReader(json.AsSpan(at.Start, at.Length));
        reader.Read();
        return reader;
    }

    private void Check(string source)
    {
        var model = Manifest.Model;
        if (model.FindProblem() is { } problem)
        {
            throw new InvalidDataException($"{source}: {problem}.");
        }

        var required = new List<string> { BundleGraphs.UserEncoderPart, BundleGraphs.ScorerPart, BundleGraphs.TopKPart, ItemVectorsPart, PopularityPart, TitlesPart };
        if (model.UseText)
        {
            required.Add(BundleGraphs.TextEncoderPart);
        }

        if (!model.TiedOutput)
        {
            required.Add(OutputVectorsPart);
        }

        if (required.FirstOrDefault(p => !_parts.ContainsKey(p) && !_vectors.ContainsKey(p)) is { } missing)
        {
            throw new InvalidDataException($"{source} has no {missing}, which a model {(model.UseText ? "with" : "without")} text and {(model.TiedOutput ? "a tied" : "a separate")} output table needs.");
        }

        var rows = model.ItemCount + 1L;
        foreach (var (part, vectors) in _vectors)
        {
            RequireLength(source, part, vectors.LongLength * sizeof(float), TableBytes(model), $"{rows:N0} rows of {model.Dim} floats");
        }

        RequireLength(source, PopularityPart, _parts[PopularityPart].LongLength, rows * sizeof(int), $"{rows:N0} counts");

        if (Items.Count != model.ItemCount)
        {
            throw new InvalidDataException($"{source}: the item id map has {Items.Count:N0} items but the model {model.ItemCount:N0}.");
        }

        if (model.UseText != Tokenizer is not null)
        {
            throw new InvalidDataException($"{source}: a model {(model.UseText ? "with text needs a tokenizer" : "without text has no use for a tokenizer")}.");
        }

        Titles = TitleList.Read(_parts[TitlesPart], (int)rows, $"{source}: {TitlesPart}");
    }

    private static void RequireLength(string source, string part, long actual, long expected, string what)
    {
        if (actual != expected)
        {
            throw new InvalidDataException($"{source}: {part} has {actual:N0} bytes; expected {expected:N0} ({what}).");
        }
    }

    /// <summary>Item tables from this size on are worth a collection after loading (see <see cref="Load(string)"/>).</summary>
    private const long LargeTableBytes = 64L << 20;

    private static long TableBytes(BundleModel model) => (model.ItemCount + 1L) * model.Dim * sizeof(float);

    /// <summary>Reads a vector table straight into floats, after checking its size against the model so a damaged manifest cannot make us allocate wildly.</summary>
    private static float[] ReadVectors(ZipArchive zip, string name, string part, BundlePart expected, BundleModel model)
    {
        if (model.FindProblem() is null)
        {
            RequireLength(name, part, expected.Bytes, TableBytes(model), $"the manifest's size for {(model.ItemCount + 1L):N0} rows of {model.Dim} floats");
        }

        var vectors = new float[expected.Bytes / sizeof(float)];
        using var entry = ZipParts.Open(zip, name, part);
        var bytes = MemoryMarshal.AsBytes(vectors.AsSpan());
        var read = entry.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        if (read != bytes.Length || entry.ReadByte() != -1)
        {
            throw new InvalidDataException($"{name}: {part} does not match the manifest: its length differs from {expected.Bytes:N0} bytes. The file was changed or damaged.");
        }

        return vectors;
    }

    private static void Verify(string name, string part, ReadOnlySpan<byte> bytes, BundlePart expected)
    {
        var hash = Hash(bytes);
        if (bytes.Length != expected.Bytes || hash != expected.Sha256)
        {
            throw new InvalidDataException($"{name}: {part} does not match the manifest ({bytes.Length:N0} bytes, SHA-256 {hash}; expected {expected.Bytes:N0} bytes, {expected.Sha256}). The file was changed or damaged.");
        }
    }

    private static byte[] Saved(Action<Stream> save)
    {
        using var memory = new MemoryStream();
        save(memory);
        return memory.ToArray();
    }

    private static string Hash(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
