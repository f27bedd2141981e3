using System.IO.Compression;
using System.Text.Json.Nodes;
using Recommender.Bundles;
using Recommender.Scoring;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Training.Export;

[Collection(TorchTests.Name)]
public sealed class ModelBundleTests(TrainedBundles trained) : IClassFixture<TrainedBundles>
{
    [Fact]
    public void A_saved_bundle_loads_with_the_same_contents_and_scores()
    {
        using var folder = new TempDirectory();
        var path = Path.Combine(folder.Path, "model.recbundle");
        trained.Bundle.Save(path);

        var loaded = ModelBundle.Load(path);

        Assert.Equal(trained.Bundle.Manifest.Model, loaded.Manifest.Model);
        Assert.Equal(trained.Bundle.Manifest.Parts, loaded.Manifest.Parts);
        Assert.Equal(trained.Bundle.Manifest.Training.Protocol, loaded.Manifest.Training.Protocol);
        Assert.Equal(trained.Bundle.Manifest.Training.Metrics, loaded.Manifest.Training.Metrics);
        Assert.Equal(ModelBundle.FormatVersion, loaded.Manifest.FormatVersion);
        Assert.Equal(trained.Bundle.Items.Ids, loaded.Items.Ids);
        Assert.Equal(trained.Bundle.Tokenizer!.Vocabulary, loaded.Tokenizer!.Vocabulary);
        Assert.Equal(trained.Bundle.Titles, loaded.Titles);
        Assert.Equal("Episode 6 of the cycle", loaded.Titles[loaded.Items["6"]]);
        Assert.Contains("leave-one-out", loaded.Manifest.Training.Protocol, StringComparison.OrdinalIgnoreCase);
        Assert.True(loaded.Manifest.Libraries.ContainsKey("TorchSharp"));

        using var before = new RecommenderSession(trained.Bundle);
        using var after = new RecommenderSession(loaded);
        string[] history = ["3", "4", "5"];
        Assert.Equal(before.Recommend(history), after.Recommend(history));
    }

    [Fact]
    public void A_file_that_is_not_a_zip_is_refused()
    {
        using var folder = new TempDirectory();
        var path = Path.Combine(folder.Path, "broken.recbundle");
        var bytes = Saved();
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<BundleFormatException>(() => ModelBundle.Load(path));

        Assert.StartsWith($"{path} is not a readable bundle", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_part_is_named()
    {
        var error = Assert.Throws<BundleFormatException>(() => Load(Edited(zip => zip.GetEntry(BundleGraphs.TopKPart)!.Delete())));

        Assert.Contains($"has no {BundleGraphs.TopKPart}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_changed_part_fails_its_hash()
    {
        var bytes = Edited(zip =>
        {
            var entry = zip.GetEntry("item_vectors.bin")!;
            byte[] vectors;
            using (var stream = entry.Open())
            using (var memory = new MemoryStream())
            {
                stream.CopyTo(memory);
                vectors = memory.ToArray();
            }

            vectors[^1] ^= 0x40;
            entry.Delete();
            using var replaced = zip.CreateEntry("item_vectors.bin").Open();
            replaced.Write(vectors);
        });

        var error = Assert.Throws<BundleFormatException>(() => Load(bytes));

        Assert.Contains("item_vectors.bin does not match the manifest", error.Message, StringComparison.Ordinal);
        Assert.Contains("changed or damaged", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_newer_format_version_is_refused_with_the_versions()
    {
        var error = Assert.Throws<BundleFormatException>(() => Load(EditedManifest(m => m["formatVersion"] = ModelBundle.FormatVersion + 1)));

        Assert.Contains($"format version {ModelBundle.FormatVersion + 1}, newer than this library reads ({ModelBundle.FormatVersion})", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("formatVersion", "has no formatVersion; it is not a recommender bundle")]
    [InlineData("items", "has no 'items' object")]
    public void A_manifest_without_a_required_section_is_refused_naming_it(string section, string expected)
    {
        var error = Assert.Throws<BundleFormatException>(() => Load(EditedManifest(m => m.AsObject().Remove(section))));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_id_repeated_in_the_item_map_is_refused()
    {
        var error = Assert.Throws<BundleFormatException>(() => Load(EditedManifest(m => m["items"]!["ids"]!.AsArray()[1] = m["items"]!["ids"]!.AsArray()[0]!.GetValue<string>())));

        Assert.Contains("appears twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_item_map_that_disagrees_with_the_model_is_refused()
    {
        var error = Assert.Throws<BundleFormatException>(() => Load(EditedManifest(m => m["items"]!["ids"]!.AsArray().RemoveAt(0))));

        Assert.Contains($"gives model.itemCount {CyclicData.Items}, but its item id map has {CyclicData.Items - 1} items", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_part_whose_zip_entry_claims_an_impossible_size_is_refused_before_it_is_read()
    {
        var bytes = Saved();
        var name = "manifest.json"u8.ToArray();

        // The central directory's record of a part: signature, its uncompressed size 24 bytes in, its name 46 bytes in.
        var record = Enumerable.Range(0, bytes.Length - 46 - name.Length)
            .Last(i => BitConverter.ToUInt32(bytes, i) == 0x02014b50 && bytes.AsSpan(i + 46, name.Length).SequenceEqual(name));
        BitConverter.TryWriteBytes(bytes.AsSpan(record + 24, 4), 2_000_000_000u);

        var error = Assert.Throws<BundleFormatException>(() => Load(bytes));

        Assert.Contains($"manifest.json claims {2_000_000_000L:N0} bytes from", error.Message, StringComparison.Ordinal);
        Assert.Contains("the zip is damaged", error.Message, StringComparison.Ordinal);
    }

    private byte[] Saved()
    {
        using var memory = new MemoryStream();
        trained.Bundle.Save(memory);
        return memory.ToArray();
    }

    private byte[] Edited(Action<ZipArchive> edit)
    {
        using var memory = new MemoryStream();
        memory.Write(Saved());
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Update, leaveOpen: true))
        {
            edit(zip);
        }

        return memory.ToArray();
    }

    private byte[] EditedManifest(Action<JsonNode> edit) => Edited(zip =>
    {
        var entry = zip.GetEntry("manifest.json")!;
        JsonNode manifest;
        using (var stream = entry.Open())
        {
            manifest = JsonNode.Parse(stream)!;
        }

        edit(manifest);
        entry.Delete();
        using var replaced = zip.CreateEntry("manifest.json").Open();
        using var writer = new System.Text.Json.Utf8JsonWriter(replaced);
        manifest.WriteTo(writer);
    });

    private static ModelBundle Load(byte[] bytes) => ModelBundle.Load(new MemoryStream(bytes), "test.recbundle");
}
