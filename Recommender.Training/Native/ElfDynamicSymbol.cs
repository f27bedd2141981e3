namespace Recommender.Training.Native;

/// <summary>One <c>Elf64_Sym</c> entry of <c>.dynsym</c>, with its <c>.gnu.version</c> entry.</summary>
/// <param name="Index">Index in <c>.dynsym</c>, which is also the index in <c>.gnu.version</c>.</param>
/// <param name="Name">The symbol name, for example <c>_ZSt21ios_base_library_initv</c>.</param>
/// <param name="Binding">The binding, from the high nibble of <c>st_info</c>.</param>
/// <param name="IsUndefined">Whether <c>st_shndx</c> is <c>SHN_UNDEF</c>: the symbol comes from another library.</param>
/// <param name="VersionIndex">The <c>.gnu.version</c> value (bit 15 is the "hidden" flag), or null when the file has no <c>.gnu.version</c>.</param>
/// <param name="Offset">File offset of the <c>Elf64_Sym</c> entry.</param>
/// <param name="VersionOffset">File offset of the symbol's <c>.gnu.version</c> entry, or null when there is none.</param>
internal sealed record ElfDynamicSymbol(
    int Index,
    string Name,
    ElfSymbolBinding Binding,
    bool IsUndefined,
    ushort? VersionIndex,
    int Offset,
    int? VersionOffset);

/// <summary>ELF symbol bindings (<c>STB_*</c>).</summary>
internal enum ElfSymbolBinding : byte
{
    /// <summary><c>STB_LOCAL</c>.</summary>
    Local = 0,

    /// <summary><c>STB_GLOBAL</c>.</summary>
    Global = 1,

    /// <summary><c>STB_WEAK</c>: an undefined weak symbol that nothing provides resolves to 0 instead of failing the load.</summary>
    Weak = 2,
}
