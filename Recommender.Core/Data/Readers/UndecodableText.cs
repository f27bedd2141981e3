using System.Buffers;
using System.Globalization;
using System.Text;

namespace Recommender.Data.Readers;

/// <summary>
/// Turns a decoding failure into an error naming the line and byte offset of the bytes the encoding cannot decode.
/// A text reader decodes ahead of the line it returns, so the place is found again by decoding the file from the start.
/// </summary>
internal static class UndecodableText
{
    private const int ChunkBytes = 1 << 16;

    public static DataFormatException Error(string path, TextEncoding encoding, DecoderFallbackException error)
    {
        var (offset, line) = Locate(path, encoding);
        var bytes = error.BytesUnknown is { Length: > 0 } unknown ? Convert.ToHexString(unknown) : "?";
        var hex = string.Join(' ', bytes.Chunk(2).Select(pair => new string(pair)));
        return DataFormatException.At(
            path,
            RowParsing.Line(line),
            string.Create(CultureInfo.InvariantCulture,
                $"the bytes {hex} at byte offset {offset} are not valid {encoding.Name} (the file is read as {encoding.Name}: {encoding.Decision}). If the file is in another encoding, name it with DataReadOptions.Encoding."),
            hex,
            $"valid {encoding.Name}",
            error);
    }

    /// <summary>The byte offset of the first undecodable bytes and the 1-based line they are on.</summary>
    private static (long Offset, long Line) Locate(string path, TextEncoding encoding)
    {
        var offset = FirstUndecodable(path, encoding);
        using var stream = InputStreams.Open(path);
        var decoder = Encoding.GetEncoding(encoding.Encoding.CodePage, EncoderFallback.ReplacementFallback, DecoderFallback.ReplacementFallback).GetDecoder();
        var bytes = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        var chars = new char[ChunkBytes + 2];
        try
        {
            InputStreams.Read(path, stream, bytes.AsSpan(0, encoding.PreambleLength), 0);
            long position = encoding.PreambleLength, line = 1;
            var lastWasCr = false;
            while (position < offset)
            {
                var read = InputStreams.Read(path, stream, bytes.AsSpan(0, (int)Math.Min(ChunkBytes, offset - position)), position);
                if (read == 0)
                {
                    break;
                }

                position += read;
                var count = decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
                foreach (var c in chars.AsSpan(0, count))
                {
                    // "\r\n" is one line break; a lone '\r' or '\n' is one too, as a text reader counts them.
                    if (c == '\n' && !lastWasCr || c == '\r')
                    {
                        line++;
                    }

                    lastWasCr = c == '\r';
                }
            }

            return (offset, line);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private static long FirstUndecodable(string path, TextEncoding encoding)
    {
        using var stream = InputStreams.Open(path);
        var decoder = encoding.Encoding.GetDecoder();
        var bytes = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        var chars = new char[ChunkBytes + 2];
        long position = 0;
        try
        {
            position += InputStreams.Read(path, stream, bytes.AsSpan(0, encoding.PreambleLength), 0);
            while (true)
            {
                var read = InputStreams.Read(path, stream, bytes.AsSpan(0, ChunkBytes), position);
                try
                {
                    decoder.GetChars(bytes, 0, read, chars, 0, flush: read == 0);
                }
                catch (DecoderFallbackException e)
                {
                    return position + e.Index;
                }

                if (read == 0)
                {
                    return position;
                }

                position += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }
}
