using System.IO.Compression;

namespace Recommender.IO;

/// <summary>Reads and writes the named parts of the zips training writes (checkpoints, saved models, bundles), naming a missing part.</summary>
internal static class ZipParts
{
    public static Stream Open(ZipArchive zip, string path, string name) =>
        (zip.GetEntry(name) ?? throw new InvalidDataException($"{path} has no {name}.")).Open();

    public static byte[] Read(ZipArchive zip, string path, string name)
    {
        using var entry = Open(zip, path, name);
        using var memory = new MemoryStream();
        entry.CopyTo(memory);
        return memory.ToArray();
    }

    public static void Write(ZipArchive zip, string name, ReadOnlySpan<byte> bytes)
    {
        using var entry = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        entry.Write(bytes);
    }
}
