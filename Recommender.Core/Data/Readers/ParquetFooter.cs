using System.Buffers.Binary;

namespace Recommender.Data.Readers;

/// <summary>
/// Checks a Parquet file's footer (its metadata, in Thrift's compact encoding) before the Parquet library reads it:
/// every length and element count must fit in the bytes that are there. A damaged count otherwise sends the library
/// into a loop over billions of elements that never ends, where this check ends in an error naming the file.
/// </summary>
internal static class ParquetFooter
{
    private const int MaxDepth = 64;

    /// <summary>Throws a <see cref="DataFormatException"/> unless <paramref name="path"/> ends in a well-formed footer.</summary>
    public static void Check(string path)
    {
        using var stream = File.OpenRead(path);
        var length = stream.Length;
        Span<byte> tail = stackalloc byte[8];
        if (length < 12)
        {
            throw Damaged(path, $"the file has {length} bytes, fewer than the 12 of an empty Parquet file");
        }

        stream.Seek(-8, SeekOrigin.End);
        stream.ReadExactly(tail);
        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(tail);
        if (!tail[4..].SequenceEqual("PAR1"u8))
        {
            throw Damaged(path, "the file does not end with the Parquet marker PAR1 (it is cut short, or not Parquet)");
        }

        if (footerLength <= 0 || footerLength > length - 12)
        {
            throw Damaged(path, $"the footer claims {footerLength} bytes of metadata, but the file holds {length - 12} between its markers");
        }

        var footer = new byte[footerLength];
        stream.Seek(-8L - footerLength, SeekOrigin.End);
        stream.ReadExactly(footer);
        var reader = new CompactReader(footer);
        if (!reader.TrySkipStruct(0) || reader.Position != footer.Length)
        {
            throw Damaged(path, "its metadata (the footer) is not well-formed: a length or count in it runs past its end");
        }
    }

    private static DataFormatException Damaged(string path, string problem) =>
        new(path, $"not a readable Parquet file: {problem}. Expected a complete Parquet file; write it again.");

    /// <summary>Walks Thrift compact-protocol values without building them, failing on anything that does not fit.</summary>
    private ref struct CompactReader(ReadOnlySpan<byte> bytes)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;

        public int Position { get; private set; }

        private readonly int Remaining => _bytes.Length - Position;

        public bool TrySkipStruct(int depth)
        {
            if (depth > MaxDepth)
            {
                return false;
            }

            while (true)
            {
                if (!TryByte(out var header))
                {
                    return false;
                }

                var type = header & 0x0F;
                if (type == 0)
                {
                    return true;
                }

                // A zero delta means the field id follows as a zigzag varint.
                if ((header & 0xF0) == 0 && !TryVarint(out _))
                {
                    return false;
                }

                // Booleans in a struct carry their value in the type itself.
                if (type is not (1 or 2) && !TrySkip(type, depth))
                {
                    return false;
                }
            }
        }

        private bool TrySkip(int type, int depth)
        {
            switch (type)
            {
                case 1 or 2 or 3:
                    return TryByte(out _);
                case 4 or 5 or 6:
                    return TryVarint(out _);
                case 7:
                    return TryAdvance(8);
                case 8:
                    return TryVarint(out var length) && length <= (ulong)Remaining && TryAdvance((int)length);
                case 9 or 10:
                    return TrySkipList(depth);
                case 11:
                    return TrySkipMap(depth);
                case 12:
                    return TrySkipStruct(depth + 1);
                default:
                    return false;
            }
        }

        private bool TrySkipList(int depth)
        {
            if (!TryByte(out var header))
            {
                return false;
            }

            ulong count = (ulong)(header >> 4);
            if (count == 15 && !TryVarint(out count))
            {
                return false;
            }

            // Every element takes at least one byte, so a count beyond the bytes left is damage.
            if (count > (ulong)Remaining)
            {
                return false;
            }

            var element = header & 0x0F;
            for (ulong i = 0; i < count; i++)
            {
                if (!TrySkip(element, depth + 1))
                {
                    return false;
                }
            }

            return true;
        }

        private bool TrySkipMap(int depth)
        {
            if (!TryVarint(out var count))
            {
                return false;
            }

            if (count == 0)
            {
                return true;
            }

            if (count > (ulong)Remaining || !TryByte(out var types))
            {
                return false;
            }

            for (ulong i = 0; i < count; i++)
            {
                if (!TrySkip(types >> 4, depth + 1) || !TrySkip(types & 0x0F, depth + 1))
                {
                    return false;
                }
            }

            return true;
        }

        private bool TryVarint(out ulong value)
        {
            value = 0;
            for (var shift = 0; shift < 70; shift += 7)
            {
                if (!TryByte(out var b))
                {
                    return false;
                }

                value |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    return true;
                }
            }

            return false;
        }

        private bool TryByte(out byte value)
        {
            if (Remaining < 1)
            {
                value = 0;
                return false;
            }

            value = _bytes[Position++];
            return true;
        }

        private bool TryAdvance(int count)
        {
            if (count < 0 || count > Remaining)
            {
                return false;
            }

            Position += count;
            return true;
        }
    }
}
