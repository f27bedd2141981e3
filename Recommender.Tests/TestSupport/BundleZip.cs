using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Recommender.Bundles;

namespace Recommender.Tests.TestSupport;

/// <summary>A bundle as the bytes of its zip, and edits of them: a part replaced, or manifest.json rewritten (it is not hashed).</summary>
internal static class BundleZip
{
    public const string Name = "test.recbundle";

    public static byte[] Bytes(ModelBundle bundle)
    {
        using var memory = new MemoryStream();
        bundle.Save(memory);
        return memory.ToArray();
    }

    public static byte[] Edited(byte[] bundle, Action<ZipArchive> edit)
    {
        using var memory = new MemoryStream();
        memory.Write(bundle);
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Update, leaveOpen: true))
        {
            edit(zip);
        }

        return memory.ToArray();
    }

    public static JsonObject Manifest(byte[] bundle)
    {
        using var zip = new ZipArchive(new MemoryStream(bundle), ZipArchiveMode.Read);
        using var stream = zip.GetEntry("manifest.json")!.Open();
        return JsonNode.Parse(stream)!.AsObject();
    }

    public static byte[] WithManifest(byte[] bundle, JsonNode manifest) => Edited(bundle, zip =>
    {
        zip.GetEntry("manifest.json")!.Delete();
        using var replaced = zip.CreateEntry("manifest.json").Open();
        using var writer = new Utf8JsonWriter(replaced);
        manifest.WriteTo(writer);
    });

    public static byte[] EditedManifest(byte[] bundle, Action<JsonObject> edit)
    {
        var manifest = Manifest(bundle);
        edit(manifest);
        return WithManifest(bundle, manifest);
    }

    /// <summary>The manifest's model section, to edit in place.</summary>
    public static JsonObject Model(JsonObject manifest) => manifest["model"]!.AsObject();

    public static ModelBundle Load(byte[] bundle) => ModelBundle.Load(new MemoryStream(bundle), Name);
}
