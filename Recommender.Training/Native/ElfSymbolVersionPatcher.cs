using System.Buffers.Binary;

namespace Recommender.Training.Native;

/// <summary>
/// Drops one symbol version requirement from an ELF shared library, so that the dynamic linker loads it against an
/// older library that lacks that version.
/// </summary>
/// <remarks>
/// The dynamic linker refuses to load a file when a library it depends on lacks a version listed in
/// <c>.gnu.version_r</c>. Unlinking the version from that list removes the check; symbols that were bound to the
/// version become unversioned, and undefined ones become weak. That is only sound when nothing binds to those symbols
/// through a relocation (GCC 13's <c>&lt;iostream&gt;</c> references <c>std::ios_base_library_init()</c> without one,
/// only to pull in the library's stream initialisation), so the patcher refuses otherwise.
/// The file keeps its size and layout: only existing fields change.
/// </remarks>
internal static class ElfSymbolVersionPatcher
{
    /// <summary>
    /// Removes <paramref name="version"/> from the versions the file needs from <paramref name="libraryName"/>,
    /// editing <paramref name="bytes"/> in place.
    /// </summary>
    /// <param name="bytes">The whole file; changed only when the method returns true.</param>
    /// <param name="fileName">Names the file in error messages.</param>
    /// <param name="libraryName">The soname the requirement belongs to, for example <c>libstdc++.so.6</c>.</param>
    /// <param name="version">The version to drop, for example <c>GLIBCXX_3.4.32</c>.</param>
    /// <returns>
    /// True when the bytes changed; false when the file does not need that version (for example because it was
    /// patched already) or is an ELF class or byte order other than 64-bit little-endian.
    /// </returns>
    /// <exception cref="InvalidDataException">The bytes are not a well-formed ELF file.</exception>
    /// <exception cref="NotSupportedException">Dropping the version would not be safe or is not possible for this file.</exception>
    public static bool RemoveVersionNeed(byte[] bytes, string fileName, string libraryName, string version)
    {
        ArgumentException.ThrowIfNullOrEmpty(libraryName);
        ArgumentException.ThrowIfNullOrEmpty(version);

        var elf = ElfFile.Read(bytes, fileName);
        var need = elf?.VersionNeeds.FirstOrDefault(n => n.Library == libraryName);
        if (elf is null || need is null)
        {
            return false;
        }

        var position = need.Versions.ToList().FindIndex(v => v.Name == version);
        if (position < 0)
        {
            return false;
        }

        var removed = need.Versions[position];
        if (need.Versions.Count == 1)
        {
            // An empty Verneed would have to leave the chain too, which changes DT_VERNEEDNUM in .dynamic.
            throw new NotSupportedException(
                $"'{fileName}' needs no version of {libraryName} other than {version}; removing its only version is not supported.");
        }

        var bound = elf.DynamicSymbols
            .Where(s => s.VersionIndex is { } index && (index & ElfFile.VersionIndexMask) == removed.Index)
            .ToList();
        var relocated = bound.Where(s => elf.IsBoundByRelocation(s.Index)).Select(s => s.Name).ToList();
        if (relocated.Count > 0)
        {
            throw new NotSupportedException(
                $"'{fileName}' uses {string.Join(", ", relocated)} from {libraryName} {version} through relocations; "
                + $"without that version the symbols would resolve to null at run time, so the requirement is kept.");
        }

        Unlink(bytes, need, position);
        foreach (var symbol in bound)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(symbol.VersionOffset!.Value), ElfFile.GlobalVersionIndex);
            if (symbol.IsUndefined)
            {
                ref var info = ref bytes[symbol.Offset + ElfFile.SymbolInfoField];
                info = (byte)(((byte)ElfSymbolBinding.Weak << 4) | (info & 0x0f));
            }
        }

        return true;
    }

    private static void Unlink(byte[] bytes, ElfVersionNeed need, int position)
    {
        var removed = need.Versions[position];
        if (position == 0)
        {
            // The first entry is never the last one here, so its vna_next is non-zero.
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(need.Offset + ElfFile.VerneedAuxField), need.AuxOffset + removed.NextOffset);
        }
        else
        {
            var previous = need.Versions[position - 1];
            var next = removed.NextOffset == 0 ? 0 : previous.NextOffset + removed.NextOffset;
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(previous.Offset + ElfFile.VernauxNextField), next);
        }

        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(need.Offset + ElfFile.VerneedCountField), (ushort)(need.Versions.Count - 1));
    }
}
