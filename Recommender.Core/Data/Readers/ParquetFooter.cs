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
        var children = new List<long>();
        if (!reader.TryReadFileMetaData(children) || reader.Position != footer.Length)
        {
            throw Damaged(path, "its metadata (the footer) is not well-formed: a length or count in it runs past its end");
        }

        if (!IsSchemaTree(children))
        {
            throw Damaged(path, "its schema is not a tree: the columns' numbers of children do not add up to the columns it lists");
        }
    }

    /// <summary>Whether the schema's elements, in depth-first order with their numbers of children, form exactly one tree.</summary>
    private static bool IsSchemaTree(List<long> children)
    {
        if (children.Count == 0)
        {
            return false;
        }

        // Elements still owed to open parents; each element pays one and may open its own.
        long owed = 1;
        foreach (var count in children)
        {
            if (count < 0 || owed == 0)
            {
                return false;
            }

            owed += count - 1;
            if (owed > children.Count)
            {
                return false;
            }
        }

        return owed == 0;
    }

    private static DataFormatException Damaged(string path, string problem) =>
        new(path, $"not a readable Parquet file: {problem}. Expected a complete Parquet file; write it again.");

    /// <summary>Walks Thrift compact-protocol values without building them, failing on anything that does not fit.</summary>
    private ref struct CompactReader(ReadOnlySpan<byte> bytes)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;

        public int Position { get; private set; }

        private readonly int Remaining => _bytes.Length - Position;

        /// <summary>Walks the file metadata, collecting each schema element's number of children (field 5; 0 when absent).</summary>
        public bool TryReadFileMetaData(List<long> children)
        {
            short id = 0;
            while (true)
            {
                if (!TryFieldHeader(ref id, out var type))
                {
                    return false;
                }

                if (type == 0)
                {
                    return true;
                }

                if (id == 2 && type == 9)
                {
                    if (!TryReadSchema(children))
                    {
                        return false;
                    }
                }
                else if (type is not (1 or 2) && !TrySkip(type, 1))
                {
                    return false;
                }
            }
        }

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

        private bool TryReadSchema(List<long> children)
        {
            if (!TryByte(out var header) || (header & 0x0F) != 12)
            {
                return false;
            }

            ulong count = (ulong)(header >> 4);
            if ((count == 15 && !TryVarint(out count)) || count > (ulong)Remaining)
            {
                return false;
            }

            for (ulong i = 0; i < count; i++)
            {
                long elementChildren = 0;
                short id = 0;
                while (true)
                {
                    if (!TryFieldHeader(ref id, out var type))
                    {
                        return false;
                    }

                    if (type == 0)
                    {
                        break;
                    }

                    if (id == 5 && type == 5)
                    {
                        if (!TryVarint(out var zigzag))
                        {
                            return false;
                        }

                        elementChildren = (long)(zigzag >> 1) ^ -(long)(zigzag & 1);
                    }
                    else if (type is not (1 or 2) && !TrySkip(type, 2))
                    {
                        return false;
                    }
                }

                children.Add(elementChildren);
            }

            return true;
        }

        /// <summary>Reads a field header: the type, and the field id (a delta from the previous one, or given in full).</summary>
        private bool TryFieldHeader(ref short id, out int type)
        {
            type = 0;
            if (!TryByte(out var header))
            {
                return false;
            }

            type = header & 0x0F;
            if (type == 0)
            {
                return true;
            }

            var delta = header >> 4;
            if (delta != 0)
            {
                id = (short)(id + delta);
                return true;
            }

            if (!TryVarint(out var zigzag))
            {
                return false;
            }

            id = (short)((long)(zigzag >> 1) ^ -(long)(zigzag & 1));
            return true;
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
