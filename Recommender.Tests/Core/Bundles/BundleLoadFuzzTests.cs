using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Recommender.Bundles;
using Recommender.Tests.TestSupport;
using Recommender.Training.Modeling;
using Xunit.Abstractions;

namespace Recommender.Tests.Core.Bundles;

/// <summary>
/// Loading damaged bundles: random files, cut-short and bit-flipped bundles, manifests with values changed, removed
/// or of the wrong type. Loading either gives a bundle that scores exactly as the original does, or throws
/// <see cref="BundleFormatException"/> naming the file; never any other exception.
/// </summary>
[Collection(TorchTests.Name)]
[Trait("Category", FuzzCases.Category)]
public sealed class BundleLoadFuzzTests(TrainedBundles trained, ITestOutputHelper output) : IClassFixture<TrainedBundles>
{
    private static readonly Lazy<ModelBundle> WithText = new(() => UntrainedBundles.Export(new SequenceModelOptions { Dim = 8, Layers = 1, Heads = 2, MaxLength = 6, TextHeads = 2 }));

    [Fact]
    public void Random_bytes_are_refused()
    {
        var tail = BundleZip.Bytes(trained.BundleWithoutText)[^200..];

        // Some files end like a real zip, so the reader gets as far as the central directory.
        var files = Gen.Select(Gen.Byte.Array[0, 4096], Gen.Int[0, 200]).Select((bytes, kept) => (byte[])[.. bytes, .. tail[^kept..]]);

        Fuzz(files, "b6Qo0k1pRyvU", fast: 300, trained.BundleWithoutText, file => file);
    }

    [Fact]
    public void Truncated_bundles_are_refused()
    {
        var bytes = BundleZip.Bytes(trained.BundleWithoutText);

        Fuzz(Gen.Int[0, bytes.Length - 1], "MnS0p8TbL2qe", fast: 300, trained.BundleWithoutText, length => bytes[..length]);
    }

    [Fact]
    public void Bundles_with_flipped_bytes_load_unchanged_or_are_refused()
    {
        var bytes = BundleZip.Bytes(trained.BundleWithoutText);
        var flips = Gen.Select(Gen.Int[0, bytes.Length - 1], Gen.Byte[1, 255]).Array[1, 4];

        Fuzz(flips, "Xq3cVd0sJf9w", fast: 300, trained.BundleWithoutText, changes =>
        {
            var flipped = (byte[])bytes.Clone();
            foreach (var (at, mask) in changes)
            {
                flipped[at] ^= mask;
            }

            return flipped;
        });
    }

    [Fact]
    public void Edited_manifests_load_unchanged_or_are_refused()
    {
        var bytes = BundleZip.Bytes(trained.BundleWithoutText);

        Fuzz(ManifestEdits, "Qy7TzKp1wA0m", fast: 300, trained.BundleWithoutText, edits => Edited(bytes, edits));
    }

    [Fact]
    public void Edited_manifests_of_a_model_with_text_load_unchanged_or_are_refused()
    {
        var bytes = BundleZip.Bytes(WithText.Value);

        Fuzz(ManifestEdits, "Rk2Wm9FhC4xs", fast: 300, WithText.Value, edits => Edited(bytes, edits));
    }

    /// <summary>
    /// One edit: which top-level section, which value in it, and whether a number is changed, a property removed or a
    /// value replaced by one of another JSON kind. The item ids and the tokenizer's texts are not hashed, so a string
    /// replaced by another string is outside what loading can tell; these edits leave that out.
    /// </summary>
    private static readonly Gen<(int Section, int Value, int Kind, int Replacement)[]> ManifestEdits =
        Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue], Gen.Int[0, 2], Gen.Int[0, int.MaxValue]).Array[1, 3];

    private static readonly JsonNode?[] WrongTypes = [JsonValue.Create("text"), JsonValue.Create(7), JsonValue.Create(true), null, new JsonArray(), new JsonObject()];

    private static byte[] Edited(byte[] bundle, (int Section, int Value, int Kind, int Replacement)[] edits)
    {
        var manifest = BundleZip.Manifest(bundle);
        var edited = new List<string>();
        foreach (var (section, value, kind, replacement) in edits)
        {
            var sections = manifest.Select(p => p.Key).ToArray();
            if (sections.Length == 0)
            {
                break;
            }

            var name = sections[section % sections.Length];
            var places = new List<(JsonNode Parent, string? Key, int Index)> { (manifest, name, -1) };
            Collect(manifest[name], places);
            var (parent, key, index) = places[value % places.Count];
            var current = key is null ? parent.AsArray()[index] : parent[key];

            // A value edited twice could become one of its own kind again (a string replaced by a number, then by a string).
            var path = $"{parent.GetPath()}/{key ?? index.ToString(System.Globalization.CultureInfo.InvariantCulture)}/";
            if (edited.Any(e => path.StartsWith(e, StringComparison.Ordinal) || e.StartsWith(path, StringComparison.Ordinal)))
            {
                continue;
            }

            edited.Add(path);
            if (kind == 1 && key is not null)
            {
                parent.AsObject().Remove(key);
                continue;
            }

            var wrong = WrongTypes.Where(w => Kind(w) != Kind(current)).ToArray();
            var changed = kind == 0 && current is JsonValue number && number.GetValueKind() == JsonValueKind.Number && number.TryGetValue<double>(out var old)
                ? Numbers(old)[replacement % 11]
                : wrong[replacement % wrong.Length]?.DeepClone();
            if (key is null)
            {
                parent.AsArray()[index] = changed;
            }
            else
            {
                parent[key] = changed;
            }
        }

        return BundleZip.WithManifest(bundle, manifest);
    }

    /// <summary>A value's JSON kind, true and false being one: replacing a string by another string is an edit no hash covers, not a wrong type.</summary>
    private static JsonValueKind Kind(JsonNode? node) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => JsonValueKind.Null,
        JsonValueKind.False => JsonValueKind.True,
        var kind => kind.Value,
    };

    private static JsonNode[] Numbers(double old) =>
    [
        JsonValue.Create(old + 1), JsonValue.Create(old - 1), JsonValue.Create(0), JsonValue.Create(-1), JsonValue.Create(old * 2), JsonValue.Create(-old),
        JsonValue.Create(int.MaxValue), JsonValue.Create(long.MaxValue), JsonValue.Create(1e300), JsonValue.Create(0.5), JsonValue.Create(old + 0.5),
    ];

    /// <summary>Every value below <paramref name="node"/>, as its parent and its key (objects) or index (arrays).</summary>
    private static void Collect(JsonNode? node, List<(JsonNode Parent, string? Key, int Index)> places)
    {
        if (node is JsonObject obj)
        {
            foreach (var (key, child) in obj)
            {
                places.Add((obj, key, -1));
                Collect(child, places);
            }
        }
        else if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                places.Add((array, null, i));
                Collect(array[i], places);
            }
        }
    }

    /// <summary>
    /// Loads the bundle of every case; a case that loads must give what <paramref name="original"/> scores with. Cases
    /// are drawn one after another from one seed, so a run is the same every time; failures are gathered by exception type.
    /// </summary>
    private void Fuzz<T>(Gen<T> cases, string seed, long fast, ModelBundle original, Func<T, byte[]> bundle)
    {
        var pcg = PCG.Parse(seed);
        var count = FuzzCases.Count(fast);
        var (loaded, refused) = (0L, 0L);
        var failures = new Dictionary<string, string>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        for (var i = 0L; i < count; i++)
        {
            var input = cases.Generate(pcg, null, out _);
            try
            {
                AssertSameScoring(original, BundleZip.Load(bundle(input)));
                loaded++;
            }
            catch (BundleFormatException e) when (e.FilePath == BundleZip.Name && e.Message.StartsWith(BundleZip.Name, StringComparison.Ordinal) && !e.Message.Contains('\n'))
            {
                refused++;
            }
            catch (Exception e)
            {
                failures.TryAdd(e.GetType().Name, $"case {i} ({Check.Print(input)}): {e.Message}\n{e.StackTrace}");
            }
        }

        output.WriteLine($"{count} cases in {clock.Elapsed.TotalSeconds:F1} s: {loaded} loaded unchanged, {refused} refused, {failures.Count} kinds of failure.");
        Assert.True(failures.Count == 0, string.Join("\n\n", failures.Select(f => $"{f.Key}: {f.Value}")));
    }

    /// <summary>Everything scoring reads is the original's; what only describes the bundle (training, libraries) may differ.</summary>
    private static void AssertSameScoring(ModelBundle original, ModelBundle loaded)
    {
        Assert.Equal(original.Manifest.FormatVersion, loaded.Manifest.FormatVersion);
        Assert.Equal(original.Manifest.Model, loaded.Manifest.Model);
        Assert.Equal(original.Manifest.Parts.OrderBy(p => p.Key), loaded.Manifest.Parts.OrderBy(p => p.Key));
        Assert.Equal(original.Items.Ids, loaded.Items.Ids);
        Assert.Equal(original.Tokenizer?.Vocabulary, loaded.Tokenizer?.Vocabulary);
        Assert.Equal(original.Tokenizer?.Options.MaxTokens, loaded.Tokenizer?.Options.MaxTokens);
        Assert.Equal(original.Tokenizer?.Options.Lowercase, loaded.Tokenizer?.Options.Lowercase);
        Assert.Equal(original.Tokenizer?.Options.Fields, loaded.Tokenizer?.Options.Fields);
        Assert.Equal(original.Titles, loaded.Titles);
        Assert.True(original.ItemVectors.Span.SequenceEqual(loaded.ItemVectors.Span));
        Assert.True(original.OutputVectors.Span.SequenceEqual(loaded.OutputVectors.Span));
        Assert.Equal(original.Popularity(), loaded.Popularity());
    }
}
