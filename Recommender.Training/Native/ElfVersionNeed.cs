namespace Recommender.Training.Native;

/// <summary>
/// One <c>Elf64_Verneed</c> entry of <c>.gnu.version_r</c>: the symbol versions a file needs from one shared library.
/// </summary>
/// <param name="Library">The library's soname, for example <c>libstdc++.so.6</c>.</param>
/// <param name="Offset">File offset of the <c>Elf64_Verneed</c> entry.</param>
/// <param name="AuxOffset">The raw <c>vn_aux</c> field: offset of the first version from <paramref name="Offset"/>.</param>
/// <param name="Versions">The versions in chain order; as many as <c>vn_cnt</c> says.</param>
internal sealed record ElfVersionNeed(string Library, int Offset, uint AuxOffset, IReadOnlyList<ElfVersionNeedEntry> Versions);

/// <summary>One <c>Elf64_Vernaux</c> entry: a version such as <c>GLIBCXX_3.4.32</c> needed from a library.</summary>
/// <param name="Name">The version name.</param>
/// <param name="Index">The <c>vna_other</c> field: the value <c>.gnu.version</c> uses for symbols bound to this version.</param>
/// <param name="Flags">The <c>vna_flags</c> field.</param>
/// <param name="Offset">File offset of the <c>Elf64_Vernaux</c> entry.</param>
/// <param name="NextOffset">The raw <c>vna_next</c> field: offset of the next version from <paramref name="Offset"/>, 0 for the last.</param>
internal sealed record ElfVersionNeedEntry(string Name, ushort Index, ushort Flags, int Offset, uint NextOffset);
