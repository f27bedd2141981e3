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
        float[] itemVectors, float[]? outputVectors, int[] popularity, IReadOnlyList<string> titles, IReadOnlyList<BundleLineage>? lineage = null)
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

        Manifest = new BundleManifest(FormatVersion, DateTimeOffset.UtcNow, libraries, model, training, parts, lineage);
        Items = items;
        Tokenizer = tokenizer;
        Source = "the bundle being written";
        Check(Source);
        BundleGraphCheck.Verify(Source, model, statedMaxHistory: null, tokenizer, _parts);
        Source = "the exported bundle";
    }

    private ModelBundle(BundleManifest manifest, IdMap items, ItemTextTokenizer? tokenizer, Dictionary<string, byte[]> parts, Dictionary<string, float[]> vectors, string source)
    {
        Manifest = manifest;
        Items = items;
        Tokenizer = tokenizer;
        _parts = parts;
        _vectors = vectors;
        Source = source;
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

    /// <summary>
    /// This bundle with <paramref name="added"/> appended after its items: their rows of the tied table are
    /// <paramref name="vectors"/>, their training popularity 0 (the transition term keeps covering the trained items
    /// only), and <paramref name="step"/> ends the lineage.
    /// </summary>
    internal ModelBundle WithAddedItems(IReadOnlyList<(string Id, string Title)> added, ReadOnlySpan<float> vectors, BundleLineage step)
    {
        var model = Manifest.Model;
        if (!model.TiedOutput)
        {
            throw new InvalidOperationException("A model with a separate output table has no vectors for added items.");
        }

        if (vectors.Length != added.Count * model.Dim)
        {
            throw new ArgumentException($"{added.Count} added items need {added.Count * model.Dim} floats, not {vectors.Length}.", nameof(vectors));
        }

        var graphs = _parts.Where(p => p.Key is not (PopularityPart or TitlesPart)).ToDictionary(p => p.Key, p => p.Value);
        float[] table = [.. ItemVectorArray, .. vectors];
        int[] popularity = [.. PopularityCounts, .. new int[added.Count]];
        string[] titles = [.. Titles, .. added.Select(a => a.Title)];
        var items = new IdMap([.. Items.Ids, .. added.Select(a => a.Id)]);
        return new ModelBundle(model with { ItemCount = model.ItemCount + added.Count }, Manifest.Training, Manifest.Libraries, items, Tokenizer, graphs,
            table, null, popularity, titles, [.. Manifest.Lineage ?? [], step]);
    }

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
    /// Besides each part's length and hash, loading holds the manifest's description of the model against the graphs
    /// and tables it ships with (the graphs' declared inputs, outputs and initializer shapes are the truth), so a
    /// manifest that was edited or damaged is refused here rather than failing, or quietly scoring differently, later.
    /// A bundle whose item tables take 64 MB or more is followed by one full, compacting garbage collection, so the
    /// memory that reading it used for a moment (the manifest, the parts' bytes) goes back to the operating system
    /// instead of staying committed to the managed heap beside the tables.
    /// </remarks>
    /// <exception cref="BundleFormatException">
    /// The file is not a zip or is damaged, a part is missing or its hash does not match the manifest, the format
    /// version is newer than this library reads, or the manifest is inconsistent or disagrees with the graphs; the
    /// message says which, and <see cref="BundleFormatException.Part"/> names the part.
    /// </exception>
    public static ModelBundle Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = File.OpenRead(path);
        return Load(stream, path, path);
    }

    /// <summary>Reads a bundle from a stream holding the bytes of the file at <paramref name="filePath"/>: files kept beside the bundle (its item index) are found there.</summary>
    internal static ModelBundle Load(Stream stream, string name, string filePath)
    {
        var bundle = Load(stream, name);
        bundle.FilePath = filePath;
        return bundle;
    }

    /// <summary>Reads and checks a bundle from a stream; <paramref name="name"/> names it in error messages.</summary>
    /// <remarks>As for <see cref="Load(string)"/>.</remarks>
    /// <exception cref="BundleFormatException">As for <see cref="Load(string)"/>; its <see cref="BundleFormatException.FilePath"/> is <paramref name="name"/>.</exception>
    public static ModelBundle Load(Stream stream, string name = "the bundle")
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(name);
        ZipArchive? zip = null;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);

            // The central directory is read when first asked for: here, so a damaged one is named as the whole file's.
            _ = zip.Entries.Count;
        }
        catch (InvalidDataException e)
        {
            zip?.Dispose();
            throw NotABundle(name, e);
        }

        using (zip)
        {
            ModelBundle bundle;
            try
            {
                bundle = Read(zip, name);
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                // What the zip reader finds wrong beyond the parts read above, should anything get this far.
                throw NotABundle(name, e);
            }

            // One collection here: without it a million-item catalog kept about 15 MB of free but committed heap, which put the
            // process above 1.5x its table (benchmarks/RESULTS.md); loading is rare and slow enough that one
            // collection does not show.
            if (bundle._vectors.Values.Sum(v => (long)v.Length) * sizeof(float) >= LargeTableBytes)
            {
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            }

            return bundle;
        }
    }

    /// <summary>The name the bundle was loaded under, for messages about it.</summary>
    internal string Source { get; }

    /// <summary>The file the bundle was read from, or null for a bundle made in memory or read from a stream.</summary>
    internal string? FilePath { get; private set; }

    // The manifest first, then every part it lists but the item tables, then the manifest against the graphs, and
    // only then the tables: their size is checked against a model description the graphs have confirmed.
    private static ModelBundle Read(ZipArchive zip, string name)
    {
        var (manifest, items, tokenizer, statedMaxHistory) = ReadManifest(zip, name);
        var model = manifest.Model;
        if (model.FindProblem() is { } problem)
        {
            throw new BundleFormatException(name, ManifestPart, $"{name}: {ManifestPart} describes an impossible model: {problem}. {Damaged}");
        }

        foreach (var part in RequiredParts(model))
        {
            if (!manifest.Parts.ContainsKey(part))
            {
                throw new BundleFormatException(name, ManifestPart,
                    $"{name}: {ManifestPart} does not list {part}, which a model {Kind(model)} needs. {Damaged}");
            }
        }

        if (model.TiedOutput && manifest.Parts.ContainsKey(OutputVectorsPart))
        {
            throw new BundleFormatException(name, ManifestPart,
                $"{name}: {ManifestPart} gives model.tiedOutput true, but the bundle carries {OutputVectorsPart}, the separate output table of an untied model. {Damaged}");
        }

        var parts = new Dictionary<string, byte[]>();
        foreach (var (part, expected) in manifest.Parts)
        {
            if (part is not (ItemVectorsPart or OutputVectorsPart))
            {
                var bytes = ReadPart(zip, name, part);
                Verify(name, part, bytes, expected);
                parts[part] = bytes;
            }
        }

        BundleGraphCheck.Verify(name, model, statedMaxHistory, tokenizer, parts);

        var vectors = new Dictionary<string, float[]>();
        foreach (var (part, expected) in manifest.Parts)
        {
            if (part is ItemVectorsPart or OutputVectorsPart)
            {
                var table = ReadVectors(zip, name, part, expected, model);
                Verify(name, part, MemoryMarshal.AsBytes(table.AsSpan()), expected);
                vectors[part] = table;
            }
        }

        return new ModelBundle(manifest, items, tokenizer, parts, vectors, name);
    }

    // For a large catalog the manifest is tens of megabytes of ids. One forward-only pass finds where each top-level
    // section is, and each is read from its own bytes: no document is built and the ids never become strings
    // (IdMap.Read); the bytes are let go before the item tables are read.
    private static (BundleManifest Manifest, IdMap Items, ItemTextTokenizer? Tokenizer, int? StatedMaxHistory) ReadManifest(ZipArchive zip, string name)
    {
        if (zip.GetEntry(ManifestPart) is null)
        {
            throw new BundleFormatException(name, ManifestPart,
                $"{name} has no {ManifestPart}, which every bundle has: it is a zip, but not a recommender bundle, or it was damaged. Load a .recbundle file as BundleExporter writes it.");
        }

        var json = ReadPart(zip, name, ManifestPart);
        if (ZipCrc.Compute(json) != zip.GetEntry(ManifestPart)!.Crc32)
        {
            throw new BundleFormatException(name, ManifestPart,
                $"{name}: {ManifestPart} does not match the CRC-32 its zip entry records; its bytes were damaged. The file was changed or damaged; copy or export the bundle again.");
        }

        try
        {
            var sections = TopLevelSections(json);
            var version = Reader(json, sections, "formatVersion");
            if (version.TokenType != JsonTokenType.Number || !version.TryGetInt32(out var formatVersion))
            {
                throw new BundleFormatException(name, ManifestPart,
                    $"{name}: {ManifestPart} has no formatVersion; it is not a recommender bundle, whose manifest gives a format version from 1 to {FormatVersion}. Load a .recbundle file as BundleExporter writes it.");
            }

            if (formatVersion > FormatVersion)
            {
                throw new BundleFormatException(name, ManifestPart,
                    $"{name} has bundle format version {formatVersion}, newer than this library reads ({FormatVersion}); update the Recommender packages to load it, or export the bundle with this version.");
            }

            if (formatVersion < 1)
            {
                throw new BundleFormatException(name, ManifestPart, $"{name} has bundle format version {formatVersion}; versions start at 1. {Damaged}");
            }

            var manifest = JsonSerializer.Deserialize<BundleManifest>(json, BundleJson.Options)
                ?? throw new BundleFormatException(name, ManifestPart, $"{name}: {ManifestPart} is empty; expected the description of a model. {Damaged}");
            if (FindMissing(manifest) is { } missing)
            {
                throw new BundleFormatException(name, ManifestPart, $"{name}: {ManifestPart} lacks {missing}, which every bundle's manifest gives. {Damaged}");
            }

            var itemMap = Reader(json, sections, "items");
            var items = itemMap.TokenType == JsonTokenType.StartObject
                ? IdMap.Read(ref itemMap)
                : throw new BundleFormatException(name, ManifestPart, $"{name}: {ManifestPart} has no 'items' object; expected the item id map. {Damaged}");
            var tokenizer = sections.TryGetValue("tokenizer", out var saved) && Reader(json, sections, "tokenizer").TokenType == JsonTokenType.StartObject
                ? ItemTextTokenizer.Load(new MemoryStream(json, saved.Start, saved.Length, writable: false))
                : null;
            return (manifest, items, tokenizer, StatedMaxHistory(json, sections, name));
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidDataException)
        {
            throw new BundleFormatException(name, ManifestPart, $"{name}: {ManifestPart} is not a valid manifest: {BundleFormatException.Quote(e)} {Damaged}", e);
        }
    }

    /// <summary>The first section or value a manifest must give but <paramref name="manifest"/> lacks, or null.</summary>
    private static string? FindMissing(BundleManifest manifest)
    {
        if (manifest.Model is null || manifest.Training is null || manifest.Parts is null || manifest.Libraries is null)
        {
            return "one of model, training, parts, libraries";
        }

        if (manifest.Parts.FirstOrDefault(p => p.Value?.Sha256 is null) is { Key: { } part })
        {
            return $"the length and SHA-256 of part '{part}'";
        }

        if (manifest.Lineage?.Any(s => s is null || s.Operation is null || s.ParentVersion is null || s.ParentFile is null || s.Input is null || s.Summary is null) == true)
        {
            return "the operation, parent version, parent file, input and summary of every lineage step";
        }

        var training = manifest.Training;
        return training.Protocol is null || training.Metrics is null || training.Settings is null ? "one of training.protocol, training.metrics, training.settings" : null;
    }

    /// <summary>
    /// The model's <c>maxHistory</c> as the manifest states it: written for whoever reads the manifest and derived
    /// again on loading, so it must agree with the graphs like the rest. Null when the manifest does not state it.
    /// </summary>
    private static int? StatedMaxHistory(byte[] json, Dictionary<string, (int Start, int Length)> sections, string name)
    {
        var model = Reader(json, sections, "model");
        if (model.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        while (model.Read() && model.TokenType == JsonTokenType.PropertyName)
        {
            var isMaxHistory = model.ValueTextEquals("maxHistory"u8);
            model.Read();
            if (!isMaxHistory)
            {
                model.Skip();
            }
            else if (model.TokenType == JsonTokenType.Number && model.TryGetInt32(out var stated))
            {
                return stated;
            }
            else
            {
                throw new BundleFormatException(name, ManifestPart, $"{name}: {ManifestPart} gives a model.maxHistory that is not a whole number. {Damaged}");
            }
        }

        return null;
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

    private static List<string> RequiredParts(BundleModel model)
    {
        var required = new List<string> { BundleGraphs.UserEncoderPart, BundleGraphs.ScorerPart, BundleGraphs.TopKPart, ItemVectorsPart, PopularityPart, TitlesPart };
        if (model.UseText)
        {
            required.Add(BundleGraphs.TextEncoderPart);
        }

        if (!model.TiedOutput)
        {
            required.Add(OutputVectorsPart);
        }

        return required;
    }

    private static string Kind(BundleModel model) => $"{(model.UseText ? "with" : "without")} text and {(model.TiedOutput ? "a tied" : "a separate")} output table";

    private void Check(string source)
    {
        var model = Manifest.Model;
        if (model.FindProblem() is { } problem)
        {
            throw new BundleFormatException(source, ManifestPart, $"{source}: {problem}.");
        }

        if (RequiredParts(model).FirstOrDefault(p => !_parts.ContainsKey(p) && !_vectors.ContainsKey(p)) is { } missing)
        {
            throw new BundleFormatException(source, missing, $"{source} has no {missing}, which a model {Kind(model)} needs. {Damaged}");
        }

        var rows = model.ItemCount + 1L;
        foreach (var (part, vectors) in _vectors)
        {
            RequireLength(source, part, vectors.LongLength * sizeof(float), TableBytes(model), $"{rows:N0} rows of {model.Dim} floats");
        }

        RequireLength(source, PopularityPart, _parts[PopularityPart].LongLength, rows * sizeof(int), $"{rows:N0} counts, one per item and one for padding");

        if (Items.Count != model.ItemCount)
        {
            throw new BundleFormatException(source, ManifestPart,
                $"{source}: {ManifestPart} gives model.itemCount {model.ItemCount}, but its item id map has {Items.Count} items. {Damaged}");
        }

        if (model.UseText != Tokenizer is not null)
        {
            throw new BundleFormatException(source, ManifestPart,
                $"{source}: {ManifestPart} gives model.useText {(model.UseText ? "true but has no tokenizer, which a model with text needs" : "false but has a tokenizer, which only a model with text has")}. {Damaged}");
        }

        try
        {
            Titles = TitleList.Read(_parts[TitlesPart], (int)rows, $"{source}: {TitlesPart}");
        }
        catch (InvalidDataException e)
        {
            throw new BundleFormatException(source, TitlesPart, $"{BundleFormatException.Quote(e)} {Damaged}", e);
        }
    }

    private static void RequireLength(string source, string part, long actual, long expected, string what)
    {
        if (actual != expected)
        {
            throw new BundleFormatException(source, part, $"{source}: {part} has {actual:N0} bytes; expected {expected:N0} ({what}). {Damaged}");
        }
    }

    /// <summary>What to do about a bundle whose parts disagree: nothing in it can be trusted.</summary>
    private const string Damaged = "The file was changed or damaged after it was written; export the bundle again from the trained model.";

    /// <summary>Item tables from this size on are worth a collection after loading (see <see cref="Load(string)"/>).</summary>
    private const long LargeTableBytes = 64L << 20;

    private static long TableBytes(BundleModel model) => (model.ItemCount + 1L) * model.Dim * sizeof(float);

    private static BundleFormatException NotABundle(string name, Exception e) =>
        new(name, string.Empty,
            $"{name} is not a readable bundle: it is not a zip archive, or it was cut short or damaged ({BundleFormatException.Quote(e)}). A bundle is a zip of manifest.json, ONNX graphs and item tables; copy or export the bundle again.", e);

    /// <summary>A whole part of the zip, its failures to decompress named as the part's.</summary>
    private static byte[] ReadPart(ZipArchive zip, string name, string part)
    {
        if (zip.GetEntry(part) is null)
        {
            throw new BundleFormatException(name, part, $"{name} has no {part}, which {ManifestPart} lists. {Damaged}");
        }

        try
        {
            return ZipParts.Read(zip, name, part);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw new BundleFormatException(name, part, $"{name}: {part} cannot be read from the zip: {BundleFormatException.Quote(e)} {Damaged}", e);
        }
    }

    /// <summary>
    /// Reads a vector table straight into floats, after checking its size in the zip against the model (whose width the
    /// graphs have confirmed), so a damaged manifest or zip cannot make us allocate wildly.
    /// </summary>
    private static float[] ReadVectors(ZipArchive zip, string name, string part, BundlePart expected, BundleModel model)
    {
        if (zip.GetEntry(part) is not { } entry)
        {
            throw new BundleFormatException(name, part, $"{name} has no {part}, which {ManifestPart} lists. {Damaged}");
        }

        var rowBytes = (long)model.Dim * sizeof(float);
        if (entry.Length != TableBytes(model))
        {
            var found = entry.Length % rowBytes == 0
                ? $"{part} holds {entry.Length / rowBytes - 1:N0} items ({entry.Length / rowBytes:N0} rows of {model.Dim} floats, padding included)"
                : $"{part} has {entry.Length:N0} bytes, which is no whole number of rows of {model.Dim} floats";
            throw new BundleFormatException(name, ManifestPart, $"{name}: {ManifestPart} gives model.itemCount {model.ItemCount}, but {found}. {Damaged}");
        }

        if (expected.Bytes != entry.Length)
        {
            throw new BundleFormatException(name, part, $"{name}: {part} has {entry.Length:N0} bytes in the zip; {ManifestPart} expects {expected.Bytes:N0}. {Damaged}");
        }

        var vectors = new float[entry.Length / sizeof(float)];
        try
        {
            using var stream = ZipParts.Open(zip, name, part);
            var bytes = MemoryMarshal.AsBytes(vectors.AsSpan());
            var read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            if (read != bytes.Length || stream.ReadByte() != -1)
            {
                throw new InvalidDataException($"it does not hold the {entry.Length:N0} bytes its zip entry declares.");
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw new BundleFormatException(name, part, $"{name}: {part} cannot be read from the zip: {BundleFormatException.Quote(e)} {Damaged}", e);
        }

        return vectors;
    }

    private static void Verify(string name, string part, ReadOnlySpan<byte> bytes, BundlePart expected)
    {
        var hash = Hash(bytes);
        if (bytes.Length != expected.Bytes || hash != expected.Sha256)
        {
            throw new BundleFormatException(name, part,
                $"{name}: {part} does not match the manifest ({bytes.Length:N0} bytes, SHA-256 {hash}; expected {expected.Bytes:N0} bytes, {expected.Sha256}). The file was changed or damaged; export the bundle again from the trained model.");
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
