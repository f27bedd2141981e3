using System.Buffers.Binary;
using System.Text;

namespace Recommender.Training.Native;

/// <summary>
/// The parts of a 64-bit little-endian ELF shared library that symbol versioning lives in:
/// the version needs (<c>.gnu.version_r</c>), the dynamic symbols (<c>.dynsym</c>) with their versions (<c>.gnu.version</c>)
/// and which of those symbols dynamic relocations bind to.
/// </summary>
/// <remarks>
/// Sections are found through the section header table by type, never by name or fixed offset, so a differently
/// linked build of the same library reads the same way. Every offset is checked against the file and its section.
/// </remarks>
internal sealed class ElfFile
{
    /// <summary><c>.gnu.version</c> value of an unversioned global symbol.</summary>
    internal const ushort GlobalVersionIndex = 1;

    /// <summary>Masks off the "hidden" bit of a <c>.gnu.version</c> value.</summary>
    internal const ushort VersionIndexMask = 0x7fff;

    /// <summary>Offset of <c>vn_cnt</c> (u16) in <c>Elf64_Verneed</c>.</summary>
    internal const int VerneedCountField = 2;

    /// <summary>Offset of <c>vn_aux</c> (u32) in <c>Elf64_Verneed</c>.</summary>
    internal const int VerneedAuxField = 8;

    /// <summary>Offset of <c>vna_next</c> (u32) in <c>Elf64_Vernaux</c>.</summary>
    internal const int VernauxNextField = 12;

    /// <summary>Offset of <c>st_info</c> (u8) in <c>Elf64_Sym</c>.</summary>
    internal const int SymbolInfoField = 4;

    private const int HeaderSize = 64;
    private const int SectionHeaderSize = 64;
    private const int VerneedSize = 16;
    private const int VernauxSize = 16;
    private const int SymbolSize = 24;
    private const int RelaSize = 24;
    private const int RelSize = 16;

    private const byte ElfClass64 = 2;
    private const byte ElfDataLittleEndian = 1;

    private const uint ShtStrtab = 3;
    private const uint ShtRela = 4;
    private const uint ShtNobits = 8;
    private const uint ShtRel = 9;
    private const uint ShtDynsym = 11;
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const uint ShtGnuVersym = 0x6fffffff;

    private readonly HashSet<int> relocatedSymbols;

    private ElfFile(
        IReadOnlyList<ElfVersionNeed> versionNeeds,
        IReadOnlyList<ElfDynamicSymbol> dynamicSymbols,
        HashSet<int> relocatedSymbols)
    {
        VersionNeeds = versionNeeds;
        DynamicSymbols = dynamicSymbols;
        this.relocatedSymbols = relocatedSymbols;
    }

    /// <summary>The <c>.gnu.version_r</c> entries in chain order; empty when the file has none.</summary>
    public IReadOnlyList<ElfVersionNeed> VersionNeeds { get; }

    /// <summary>The <c>.dynsym</c> entries in index order; empty when the file has none.</summary>
    public IReadOnlyList<ElfDynamicSymbol> DynamicSymbols { get; }

    /// <summary>
    /// Reads an ELF image. Returns null for a well-formed ELF identification of a class or byte order other than
    /// 64-bit little-endian, which this reader does not handle.
    /// </summary>
    /// <param name="bytes">The whole file.</param>
    /// <param name="fileName">Names the file in error messages.</param>
    /// <exception cref="InvalidDataException">The bytes are not an ELF file, or a structure lies outside the file or its section.</exception>
    public static ElfFile? Read(byte[] bytes, string fileName)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(fileName);

        var reader = new Reader(bytes, fileName);
        if (bytes.Length < 16 || bytes[0] != 0x7f || bytes[1] != (byte)'E' || bytes[2] != (byte)'L' || bytes[3] != (byte)'F')
        {
            throw reader.Malformed("it does not start with the ELF magic bytes 7F 45 4C 46");
        }

        if (bytes[4] != ElfClass64 || bytes[5] != ElfDataLittleEndian)
        {
            return null;
        }

        var sections = reader.ReadSectionHeaders();
        var versionNeeds = ReadVersionNeeds(reader, sections);
        var (dynamicSymbols, dynsymIndex) = ReadDynamicSymbols(reader, sections);
        var relocatedSymbols = dynsymIndex is { } index ? ReadRelocatedSymbols(reader, sections, index) : [];
        return new ElfFile(versionNeeds, dynamicSymbols, relocatedSymbols);
    }

    /// <summary>
    /// Whether a dynamic relocation refers to the symbol, so the dynamic linker must resolve it to something real.
    /// </summary>
    /// <param name="symbolIndex">Index in <c>.dynsym</c>.</param>
    public bool IsBoundByRelocation(int symbolIndex) => relocatedSymbols.Contains(symbolIndex);

    private static List<ElfVersionNeed> ReadVersionNeeds(Reader reader, IReadOnlyList<Section> sections)
    {
        var needs = new List<ElfVersionNeed>();
        if (FindSection(sections, ShtGnuVerneed) is not { } verneed)
        {
            return needs;
        }

        reader.RequireContents(verneed, ".gnu.version_r");
        var strings = reader.LinkedStringTable(sections, verneed, ".gnu.version_r");

        // sh_info is the entry count, the same number DT_VERNEEDNUM gives the dynamic linker.
        var offset = verneed.Offset;
        for (var i = 0; i < verneed.Info; i++)
        {
            reader.RequireInSection(verneed, offset, VerneedSize, ".gnu.version_r", $"version need {i}");
            var count = reader.U16(offset + VerneedCountField);
            var library = reader.ReadString(strings, reader.U32(offset + 4), $"library name of version need {i}");
            var aux = reader.U32(offset + VerneedAuxField);
            var next = reader.U32(offset + 12);

            var versions = new List<ElfVersionNeedEntry>(count);
            var auxOffset = offset + aux;
            for (var j = 0; j < count; j++)
            {
                var what = $"version {j} needed from {library}";
                reader.RequireInSection(verneed, auxOffset, VernauxSize, ".gnu.version_r", what);
                var flags = reader.U16(auxOffset + 4);
                var index = reader.U16(auxOffset + 6);
                var name = reader.ReadString(strings, reader.U32(auxOffset + 8), $"name of {what}");
                var auxNext = reader.U32(auxOffset + VernauxNextField);
                versions.Add(new ElfVersionNeedEntry(name, index, flags, checked((int)auxOffset), auxNext));
                if (auxNext == 0 && j < count - 1)
                {
                    throw reader.Malformed($"the version chain of {library} ends after {j + 1} of the {count} versions vn_cnt announces");
                }

                auxOffset += auxNext;
            }

            needs.Add(new ElfVersionNeed(library, checked((int)offset), aux, versions));
            if (next == 0 && i < verneed.Info - 1)
            {
                throw reader.Malformed($".gnu.version_r ends after {i + 1} of the {verneed.Info} entries its section header announces");
            }

            offset += next;
        }

        return needs;
    }

    private static (List<ElfDynamicSymbol> Symbols, int? DynsymIndex) ReadDynamicSymbols(Reader reader, IReadOnlyList<Section> sections)
    {
        var symbols = new List<ElfDynamicSymbol>();
        if (FindSection(sections, ShtDynsym) is not { } dynsym)
        {
            return (symbols, null);
        }

        reader.RequireContents(dynsym, ".dynsym");
        reader.RequireEntrySize(dynsym, SymbolSize, ".dynsym");
        var strings = reader.LinkedStringTable(sections, dynsym, ".dynsym");

        Section? versym = FindSection(sections, ShtGnuVersym);
        if (versym is { } found)
        {
            reader.RequireContents(found, ".gnu.version");
            if (found.Link != dynsym.Index)
            {
                throw reader.Malformed($".gnu.version links to section {found.Link}, not to .dynsym (section {dynsym.Index})");
            }
        }

        var count = dynsym.Size / SymbolSize;
        for (var i = 0; i < count; i++)
        {
            var offset = dynsym.Offset + ((long)i * SymbolSize);
            var info = reader.U8(offset + SymbolInfoField);
            var sectionIndex = reader.U16(offset + 6);
            var name = reader.ReadString(strings, reader.U32(offset), $"name of dynamic symbol {i}");

            ushort? version = null;
            int? versionOffset = null;
            if (versym is { } v && (i * 2L) + 2 <= v.Size)
            {
                versionOffset = checked((int)(v.Offset + (i * 2L)));
                version = reader.U16(versionOffset.Value);
            }

            symbols.Add(new ElfDynamicSymbol(
                i, name, (ElfSymbolBinding)(info >> 4), sectionIndex == 0, version, checked((int)offset), versionOffset));
        }

        return (symbols, dynsym.Index);
    }

    private static HashSet<int> ReadRelocatedSymbols(Reader reader, IReadOnlyList<Section> sections, int dynsymIndex)
    {
        var symbols = new HashSet<int>();
        foreach (var section in sections)
        {
            // Relocation sections linked to .symtab belong to the static link and never reach the dynamic linker.
            if (section.Type is not (ShtRela or ShtRel) || section.Link != dynsymIndex)
            {
                continue;
            }

            var size = section.Type == ShtRela ? RelaSize : RelSize;
            reader.RequireContents(section, $"relocation section {section.Index}");
            reader.RequireEntrySize(section, size, $"relocation section {section.Index}");
            for (var offset = section.Offset; offset + size <= section.Offset + section.Size; offset += size)
            {
                symbols.Add((int)(reader.U64(offset + 8) >> 32));
            }
        }

        return symbols;
    }

    private static Section? FindSection(IReadOnlyList<Section> sections, uint type)
    {
        foreach (var section in sections)
        {
            if (section.Type == type)
            {
                return section;
            }
        }

        return null;
    }

    private readonly record struct Section(int Index, uint Type, long Offset, long Size, uint Link, uint Info, long EntrySize);

    private readonly struct Reader(byte[] bytes, string fileName)
    {
        public InvalidDataException Malformed(string problem) =>
            new($"'{fileName}' is not a valid ELF64 little-endian file: {problem}.");

        public List<Section> ReadSectionHeaders()
        {
            if (bytes.Length < HeaderSize)
            {
                throw Malformed($"the file is {bytes.Length} bytes long, shorter than the {HeaderSize}-byte ELF header");
            }

            var tableOffset = U64(40);
            var entrySize = U16(58);
            var count = U16(60);
            if (count == 0)
            {
                return [];
            }

            if (entrySize < SectionHeaderSize)
            {
                throw Malformed($"section headers are {entrySize} bytes, fewer than the {SectionHeaderSize} an ELF64 section header needs");
            }

            if (tableOffset > (ulong)bytes.Length || (ulong)count * entrySize > (ulong)bytes.Length - tableOffset)
            {
                throw Malformed(
                    $"the section header table ({count} entries of {entrySize} bytes at offset 0x{tableOffset:x}) runs past the end of the file ({bytes.Length} bytes); the file may be truncated");
            }

            var sections = new List<Section>(count);
            for (var i = 0; i < count; i++)
            {
                var header = (long)tableOffset + ((long)i * entrySize);
                var type = U32(header + 4);
                var offset = U64(header + 24);
                var size = U64(header + 32);
                var link = U32(header + 40);
                var info = U32(header + 44);
                var entry = U64(header + 56);

                // Only sections whose contents are read get range-checked (RequireContents), but the sizes must at
                // least fit the arithmetic that check does.
                if (offset > long.MaxValue / 2 || size > long.MaxValue / 2 || entry > int.MaxValue)
                {
                    throw Malformed($"section {i} has an impossible offset 0x{offset:x}, size 0x{size:x} or entry size {entry}");
                }

                sections.Add(new Section(i, type, (long)offset, (long)size, link, info, (long)entry));
            }

            return sections;
        }

        public void RequireContents(Section section, string name)
        {
            if (section.Type == ShtNobits || section.Offset + section.Size > bytes.Length)
            {
                throw Malformed(
                    $"{name} (section {section.Index}, {section.Size} bytes at offset 0x{section.Offset:x}) is not inside the file ({bytes.Length} bytes); the file may be truncated");
            }
        }

        public void RequireEntrySize(Section section, int expected, string name)
        {
            if (section.EntrySize != expected)
            {
                throw Malformed($"{name} has {section.EntrySize}-byte entries, not the {expected} bytes ELF64 uses");
            }
        }

        public void RequireInSection(Section section, long offset, int size, string sectionName, string what)
        {
            if (offset < section.Offset || offset + size > section.Offset + section.Size)
            {
                throw Malformed(
                    $"{what} ({size} bytes at offset 0x{offset:x}) lies outside {sectionName} (offset 0x{section.Offset:x}, {section.Size} bytes)");
            }
        }

        public Section LinkedStringTable(IReadOnlyList<Section> sections, Section section, string name)
        {
            if (section.Link >= sections.Count || sections[(int)section.Link].Type != ShtStrtab)
            {
                throw Malformed($"{name} links to section {section.Link}, which is not a string table");
            }

            var strings = sections[(int)section.Link];
            RequireContents(strings, $"the string table of {name}");
            return strings;
        }

        public string ReadString(Section table, uint offset, string what)
        {
            if (offset >= table.Size)
            {
                throw Malformed($"the {what} starts at offset {offset}, outside its {table.Size}-byte string table");
            }

            var span = bytes.AsSpan((int)(table.Offset + offset), (int)(table.Size - offset));
            var end = span.IndexOf((byte)0);
            if (end < 0)
            {
                throw Malformed($"the {what} at offset {offset} of its string table is not NUL-terminated");
            }

            return Encoding.UTF8.GetString(span[..end]);
        }

        public byte U8(long offset) => Span(offset, 1)[0];

        public ushort U16(long offset) => BinaryPrimitives.ReadUInt16LittleEndian(Span(offset, 2));

        public uint U32(long offset) => BinaryPrimitives.ReadUInt32LittleEndian(Span(offset, 4));

        public ulong U64(long offset) => BinaryPrimitives.ReadUInt64LittleEndian(Span(offset, 8));

        private ReadOnlySpan<byte> Span(long offset, int size)
        {
            if (offset < 0 || offset + size > bytes.Length)
            {
                throw Malformed($"a {size}-byte field at offset 0x{offset:x} lies past the end of the file ({bytes.Length} bytes)");
            }

            return bytes.AsSpan((int)offset, size);
        }
    }
}
