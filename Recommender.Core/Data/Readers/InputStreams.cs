namespace Recommender.Data.Readers;

/// <summary>Opens input files for reading as byte streams.</summary>
internal static class InputStreams
{
    public static Stream Open(string path) =>
        new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);

    /// <summary>Fills <paramref name="buffer"/> unless the stream ends first; returns the bytes read.</summary>
    public static int Read(string path, Stream stream, Span<byte> buffer, long offset) =>
        stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
}
