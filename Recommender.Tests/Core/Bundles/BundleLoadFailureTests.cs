using Google.Protobuf;
using Onnx;
using Recommender.Bundles;
using Recommender.Scoring;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Core.Bundles;

/// <summary>Every way loading a bundle fails is a <see cref="BundleFormatException"/> naming the file and the part.</summary>
[Collection(TorchTests.Name)]
public sealed class BundleLoadFailureTests(TrainedBundles trained) : IClassFixture<TrainedBundles>
{
    private byte[] Bundle => BundleZip.Bytes(trained.BundleWithoutText);

    [Fact]
    public void A_file_of_random_bytes_is_refused_as_a_whole()
    {
        using var folder = new TempDirectory();
        var path = folder.File("random.recbundle");
        var bytes = new byte[2048];
        new Random(5).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<BundleFormatException>(() => ModelBundle.Load(path));
        var throughSession = Assert.Throws<BundleFormatException>(() => RecommenderSession.Load(path));

        Assert.Equal(path, error.FilePath);
        Assert.Equal(string.Empty, error.Part);
        Assert.StartsWith($"{path} is not a readable bundle", error.Message, StringComparison.Ordinal);
        Assert.Equal(error.Message, throughSession.Message);
    }

    [Fact]
    public void A_truncated_bundle_is_refused()
    {
        var bytes = Bundle;

        var error = Assert.Throws<BundleFormatException>(() => BundleZip.Load(bytes[..(bytes.Length * 2 / 3)]));

        Assert.Equal(BundleZip.Name, error.FilePath);
        Assert.StartsWith(BundleZip.Name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zip_without_a_manifest_is_not_a_bundle()
    {
        var error = Assert.Throws<BundleFormatException>(() => BundleZip.Load(BundleZip.Edited(Bundle, zip => zip.GetEntry("manifest.json")!.Delete())));

        Assert.Equal("manifest.json", error.Part);
        Assert.Contains("has no manifest.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_manifest_that_is_not_json_is_named()
    {
        var error = Assert.Throws<BundleFormatException>(() => BundleZip.Load(BundleZip.Edited(Bundle, zip =>
        {
            zip.GetEntry("manifest.json")!.Delete();
            using var replaced = zip.CreateEntry("manifest.json").Open();
            replaced.Write("{\"formatVersion\": 1, \"model\": ["u8);
        })));

        Assert.Equal("manifest.json", error.Part);
        Assert.Contains("manifest.json is not a valid manifest", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_part_that_fails_its_hash_is_the_part_named()
    {
        var error = Assert.Throws<BundleFormatException>(() => BundleZip.Load(BundleZip.Edited(Bundle, zip =>
        {
            var entry = zip.GetEntry(BundleGraphs.ScorerPart)!;
            byte[] graph;
            using (var stream = entry.Open())
            using (var memory = new MemoryStream())
            {
                stream.CopyTo(memory);
                graph = memory.ToArray();
            }

            graph[^1] ^= 1;
            entry.Delete();
            using var replaced = zip.CreateEntry(BundleGraphs.ScorerPart).Open();
            replaced.Write(graph);
        })));

        Assert.Equal(BundleGraphs.ScorerPart, error.Part);
        Assert.Contains("scorer.onnx does not match the manifest", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_newer_format_version_names_the_manifest()
    {
        var error = Assert.Throws<BundleFormatException>(() => BundleZip.Load(BundleZip.EditedManifest(Bundle, m => m["formatVersion"] = ModelBundle.FormatVersion + 1)));

        Assert.Equal("manifest.json", error.Part);
        Assert.Contains("update the Recommender packages", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_graph_that_ONNX_Runtime_refuses_is_named_when_the_session_is_opened()
    {
        var bundle = trained.BundleWithoutText;
        var scorer = ModelProto.Parser.ParseFrom(bundle.Graph(BundleGraphs.ScorerPart));
        scorer.Graph.Node.Add(new NodeProto { OpType = "NoSuchOperator", Name = "unknown", Input = { BundleGraphs.History }, Output = { "unknown_0" } });
        var graphs = new Dictionary<string, byte[]>
        {
            [BundleGraphs.UserEncoderPart] = bundle.Graph(BundleGraphs.UserEncoderPart),
            [BundleGraphs.ScorerPart] = scorer.ToByteArray(),
            [BundleGraphs.TopKPart] = bundle.Graph(BundleGraphs.TopKPart),
        };
        var broken = new ModelBundle(bundle.Manifest.Model, bundle.Manifest.Training, bundle.Manifest.Libraries, bundle.Items, null, graphs,
            bundle.ItemVectorArray, null, bundle.Popularity(), [.. bundle.Titles]);
        using var saved = new SavedBundle(BundleZip.Load(BundleZip.Bytes(broken)));

        var error = Assert.Throws<BundleFormatException>(() => RecommenderSession.Load(saved.Path));

        Assert.Equal(saved.Path, error.FilePath);
        Assert.Equal(BundleGraphs.ScorerPart, error.Part);
        Assert.StartsWith($"{saved.Path}: ONNX Runtime cannot load scorer.onnx", error.Message, StringComparison.Ordinal);
    }
}
