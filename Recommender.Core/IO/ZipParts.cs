using System.IO.Compression;

namespace Recommender.IO;

/// <summary>Reads and writes the named parts of the zips training writes (checkpoints, saved models, bundles), naming a missing part.</summary>
internal static class ZipParts
{
    // Deflate cannot expand data by more than about 1,032 to 1; an entry claiming more is damaged.
    private const long MostExpansion = 1_100;

    public static Stream Open(ZipArchive zip, string path, string name) =>
        Entry(zip, path, name).Open();

    /// <summary>
    /// The whole part, read into an array of its declared size: a part of tens of megabytes (a large catalog's manifest)
    /// leaves no trail of ever-larger buffers behind for the GC to keep.
    /// </summary>
    public static byte[] Read(ZipArchive zip, string path, string name)
    {
        var entry = Entry(zip, path, name);
        if (entry.Length > Array.MaxLength || entry.Length > entry.CompressedLength * MostExpansion + 4096)
        {
            throw new InvalidDataException($"{path}: {name} claims {entry.Length:N0} bytes from {entry.CompressedLength:N0} compressed; the zip is damaged.");
        }

        var bytes = new byte[entry.Length];
        using var stream = entry.Open();
        if (stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false) != bytes.Length || stream.ReadByte() != -1)
        {
            throw new InvalidDataException($"{path}: {name} does not hold the {entry.Length:N0} bytes its zip entry declares; the zip is damaged.");
        }

        return bytes;
    }

    public static void Write(ZipArchive zip, string name, ReadOnlySpan<byte> bytes)
    {
        using var entry = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        entry.Write(bytes);
    }

    private static ZipArchiveEntry Entry(ZipArchive zip, string path, string name) =>
        zip.GetEntry(name) ?? throw new InvalidDataException($"{path} has no {name}.");
}
