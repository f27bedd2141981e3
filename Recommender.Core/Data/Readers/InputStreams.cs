using System.Globalization;

namespace Recommender.Data.Readers;

/// <summary>Opens input files for reading as byte streams, decompressing gzip files (found by their first bytes, 1F 8B).</summary>
internal static class InputStreams
{
    private const string GzipExtension = ".gz";

    public static Stream Open(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        try
        {
            Span<byte> magic = stackalloc byte[2];
            var gzip = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false) == 2 && magic is [0x1F, 0x8B];
            file.Seek(0, SeekOrigin.Begin);
            return gzip ? new GzipInputStream(file) : file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public static bool IsGzip(string path)
    {
        using var stream = Open(path);
        return stream is GzipInputStream;
    }

    /// <summary>The file name without a <c>.gz</c> extension, lower-cased, for telling formats apart by name.</summary>
    public static string NameWithoutGz(string path)
    {
        var name = Path.GetFileName(path).ToLowerInvariant();
        return name.EndsWith(GzipExtension, StringComparison.Ordinal) ? name[..^GzipExtension.Length] : name;
    }

    /// <summary>Fills <paramref name="buffer"/> unless the stream ends first; returns the bytes read.</summary>
    /// <exception cref="DataFormatException">The gzip data is corrupt or truncated.</exception>
    public static int Read(string path, Stream stream, Span<byte> buffer, long offset)
    {
        try
        {
            return stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw Corrupt(path, string.Create(CultureInfo.InvariantCulture, $"decompressed byte {offset}"), e);
        }
    }

    /// <summary>The error for gzip data that cannot be decompressed, at <paramref name="location"/>.</summary>
    public static DataFormatException Corrupt(string path, string location, InvalidDataException error) =>
        DataFormatException.At(
            path,
            location,
            $"the gzip data cannot be decompressed ({error.Message.TrimEnd('.')}). Expected a complete gzip file; check it with 'gzip -t' and get or compress it again.",
            "corrupt gzip data",
            "a complete gzip file",
            error);
}
