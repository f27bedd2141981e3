using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Recommender.Data.Readers;

/// <summary>
/// Decides which encoding a text file is read with. An encoding given by the caller is used as given (a byte order
/// mark of the same encoding is passed over; for UTF-16 a byte order mark decides the byte order). Otherwise:
/// <list type="number">
/// <item>A byte order mark (UTF-8, UTF-16LE, UTF-16BE) wins.</item>
/// <item>UTF-16 without one is recognised by NUL bytes in every other position of the first <see cref="NulSampleBytes"/>
/// bytes: in at least a quarter of the byte pairs at one parity, and fewer than an eighth as many at the other.
/// This comes before the UTF-8 check because ASCII text in UTF-16 is also valid UTF-8.</item>
/// <item>UTF-8 when the bytes are valid UTF-8: every byte of a plain file, the first <see cref="CompressedSampleBytes"/>
/// decompressed bytes of a gzip file. Past that sample the text is still decoded strictly, so an invalid byte stops the
/// read with an error that names its line rather than becoming U+FFFD.</item>
/// <item>Latin-1 otherwise: every byte is a character, so nothing is lost.</item>
/// </list>
/// The decision depends only on these bytes, never on the file's size.
/// </summary>
internal static class TextEncodingDetector
{
    public const int NulSampleBytes = 4096;
    public const int CompressedSampleBytes = 1 << 20;

    private const int ChunkBytes = 1 << 16;

    public static TextEncoding Detect(string path, Encoding? given)
    {
        using var stream = InputStreams.Open(path);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            var length = InputStreams.Read(path, stream, buffer.AsSpan(0, ChunkBytes), 0);
            var head = buffer.AsSpan(0, length);
            var bom = ByteOrderMark(head);
            if (given is not null)
            {
                return Given(given, bom);
            }

            if (bom is not null)
            {
                return bom with { Decision = "byte order mark" };
            }

            if (Utf16ByNulBytes(head[..Math.Min(length, NulSampleBytes)]) is { } utf16)
            {
                return new TextEncoding(TextEncoding.Strict(utf16), TextEncoding.NameOf(utf16), "no byte order mark; NUL bytes in every other position", 0);
            }

            var compressed = stream is not FileStream;
            var invalid = FirstInvalidUtf8(path, stream, buffer, length, compressed ? CompressedSampleBytes : long.MaxValue);
            if (invalid < 0)
            {
                return new TextEncoding(TextEncoding.Strict(Encoding.UTF8), "UTF-8", compressed ? "valid UTF-8 in the first 1 MiB decompressed" : "valid UTF-8", 0);
            }

            return new TextEncoding(Encoding.Latin1, "Latin-1", string.Create(CultureInfo.InvariantCulture, $"not valid UTF-8: first invalid byte at offset {invalid}"), 0);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static TextEncoding? ByteOrderMark(ReadOnlySpan<byte> head) => head switch
    {
        [0xEF, 0xBB, 0xBF, ..] => new TextEncoding(TextEncoding.Strict(Encoding.UTF8), "UTF-8", string.Empty, 3),
        [0xFF, 0xFE, ..] => new TextEncoding(TextEncoding.Strict(Encoding.Unicode), "UTF-16LE", string.Empty, 2),
        [0xFE, 0xFF, ..] => new TextEncoding(TextEncoding.Strict(Encoding.BigEndianUnicode), "UTF-16BE", string.Empty, 2),
        _ => null,
    };

    private static TextEncoding Given(Encoding given, TextEncoding? bom)
    {
        var strict = TextEncoding.Strict(given);
        if (bom is not null && bom.Encoding.CodePage == strict.CodePage)
        {
            return bom with { Decision = "given" };
        }

        // A UTF-16 byte order mark says which byte order the file has; reading it the other way round is never wanted.
        if (bom is not null && bom.UnitBytes == 2 && strict.CodePage is TextEncoding.Utf16LE or TextEncoding.Utf16BE)
        {
            return bom with { Decision = "given; byte order from the byte order mark" };
        }

        return new TextEncoding(strict, TextEncoding.NameOf(strict), "given", 0);
    }

    private static Encoding? Utf16ByNulBytes(ReadOnlySpan<byte> sample)
    {
        int pairs = sample.Length / 2, evenNul = 0, oddNul = 0;
        for (var i = 0; i + 1 < sample.Length; i += 2)
        {
            evenNul += sample[i] == 0 ? 1 : 0;
            oddNul += sample[i + 1] == 0 ? 1 : 0;
        }

        var threshold = Math.Max(1, pairs / 4);
        return oddNul >= threshold && evenNul * 8 < oddNul ? Encoding.Unicode
            : evenNul >= threshold && oddNul * 8 < evenNul ? Encoding.BigEndianUnicode
            : null;
    }

    /// <summary>The offset of the first byte that is not valid UTF-8 within the first <paramref name="limit"/> bytes, or -1.</summary>
    private static long FirstInvalidUtf8(string path, Stream stream, byte[] buffer, int length, long limit)
    {
        var chars = ArrayPool<char>.Shared.Rent(ChunkBytes);
        try
        {
            long start = 0;
            while (true)
            {
                var data = buffer.AsSpan(0, length);
                var end = length < ChunkBytes;
                var carry = 0;
                if (!Utf8.IsValid(data))
                {
                    // Invalid, or a sequence cut by the chunk's end that the next chunk completes.
                    var status = Utf8.ToUtf16(data, chars.AsSpan(0, ChunkBytes), out var read, out _, replaceInvalidSequences: false, isFinalBlock: end);
                    if (status == OperationStatus.InvalidData)
                    {
                        return start + read;
                    }

                    carry = length - read;
                }

                if (end || start + length >= limit)
                {
                    return -1;
                }

                data[(length - carry)..].CopyTo(buffer);
                start += length - carry;
                length = carry + InputStreams.Read(path, stream, buffer.AsSpan(carry, ChunkBytes - carry), start + carry);
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }
}
