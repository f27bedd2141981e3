using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;

namespace Recommender.Data.Readers;

/// <summary>
/// Decompresses a gzip file and, at its end, checks the decompressed size against the size recorded in the file's
/// last four bytes: a truncated gzip stream otherwise just ends early, and the lines after the cut would go missing silently.
/// </summary>
internal sealed class GzipInputStream : Stream
{
    private readonly GZipStream _gzip;
    private readonly uint _recordedSize;
    private long _decompressed;

    public GzipInputStream(FileStream file)
    {
        Span<byte> trailer = stackalloc byte[4];
        if (file.Length >= 4)
        {
            file.Seek(-4, SeekOrigin.End);
            file.ReadExactly(trailer);
        }

        _recordedSize = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        file.Seek(0, SeekOrigin.Begin);
        _gzip = new GZipStream(file, CompressionMode.Decompress);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _decompressed; set => throw new NotSupportedException(); }

    /// <exception cref="InvalidDataException">The gzip data is corrupt or truncated.</exception>
    public override int Read(Span<byte> buffer) => Count(_gzip.Read(buffer), buffer.Length);

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await _gzip.ReadAsync(buffer, cancellationToken).ConfigureAwait(false), buffer.Length);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gzip.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Count(int read, int asked)
    {
        _decompressed += read;
        if (read == 0 && asked > 0 && (uint)_decompressed != _recordedSize)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"the gzip stream ends after {_decompressed} decompressed bytes but records {_recordedSize} (modulo 2^32) at its end, so the file is truncated or corrupt"));
        }

        return read;
    }
}
