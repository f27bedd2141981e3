using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using Recommender.Training.Native;

namespace Recommender.Tests.Training;

// These tests return early on anything but Linux: TorchSharp's Linux library is only restored there, and the
// in-place patch uses Unix file modes. xunit 2 has no dynamic skip.
public sealed class ElfSymbolVersionPatcherTests : IDisposable
{
    private const string LibStdCxx = "libstdc++.so.6";
    private const string Version = "GLIBCXX_3.4.32";
    private const string Symbol = "_ZSt21ios_base_library_initv";

    private readonly string directory = Directory.CreateTempSubdirectory("elf-patcher-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Patching_drops_only_GLIBCXX_3_4_32_and_unbinds_its_symbol()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var original = PristineLibrary();
        var originalHash = Hash(original);
        var copy = CopyToTemp(original);
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead;
        File.SetUnixFileMode(copy, mode);
        var before = Read(copy);

        Assert.True(TorchSharpRuntime.PatchInPlace(copy));

        var after = Read(copy);
        var needBefore = before.VersionNeeds.Single(n => n.Library == LibStdCxx);
        var needAfter = after.VersionNeeds.Single(n => n.Library == LibStdCxx);
        Assert.Contains(Version, needBefore.Versions.Select(v => v.Name));
        Assert.DoesNotContain(Version, needAfter.Versions.Select(v => v.Name));
        Assert.Contains("GLIBCXX_3.4.22", needAfter.Versions.Select(v => v.Name));
        Assert.Contains("CXXABI_1.3.5", needAfter.Versions.Select(v => v.Name));
        Assert.Equal(needBefore.Versions.Count - 1, needAfter.Versions.Count);
        Assert.Equal(
            needBefore.Versions.Where(v => v.Name != Version).Select(v => (v.Name, v.Index)),
            needAfter.Versions.Select(v => (v.Name, v.Index)));

        // The other libraries' needs are untouched.
        Assert.Equal(
            before.VersionNeeds.Where(n => n.Library != LibStdCxx).SelectMany(n => n.Versions.Select(v => $"{n.Library} {v.Name}")),
            after.VersionNeeds.Where(n => n.Library != LibStdCxx).SelectMany(n => n.Versions.Select(v => $"{n.Library} {v.Name}")));

        var symbolBefore = before.DynamicSymbols.Single(s => s.Name == Symbol);
        var symbolAfter = after.DynamicSymbols[symbolBefore.Index];
        Assert.Equal(needBefore.Versions.Single(v => v.Name == Version).Index, symbolBefore.VersionIndex);
        Assert.Equal((ushort)1, symbolAfter.VersionIndex);
        Assert.Equal(ElfSymbolBinding.Weak, symbolAfter.Binding);
        Assert.True(symbolAfter.IsUndefined);
        Assert.False(after.IsBoundByRelocation(symbolAfter.Index));

        // No other symbol changed version or binding.
        Assert.Equal(
            before.DynamicSymbols.Where(s => s.Index != symbolBefore.Index).Select(s => (s.VersionIndex, s.Binding)),
            after.DynamicSymbols.Where(s => s.Index != symbolBefore.Index).Select(s => (s.VersionIndex, s.Binding)));

        Assert.Equal(mode, File.GetUnixFileMode(copy));
        Assert.Empty(Directory.GetFiles(directory, "*.tmp"));
        Assert.Equal(originalHash, Hash(original));
    }

    [Fact]
    public void Patch_rewrites_only_a_few_fields_and_a_second_patch_changes_nothing()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var original = File.ReadAllBytes(PristineLibrary());
        var bytes = (byte[])original.Clone();

        Assert.True(ElfSymbolVersionPatcher.RemoveVersionNeed(bytes, "lib.so", LibStdCxx, Version));

        // vn_cnt (2 bytes), one vna_next or vn_aux (4), the symbol's .gnu.version entry (2) and st_info (1).
        Assert.Equal(original.Length, bytes.Length);
        Assert.InRange(original.Zip(bytes).Count(pair => pair.First != pair.Second), 3, 9);

        var patched = (byte[])bytes.Clone();
        Assert.False(ElfSymbolVersionPatcher.RemoveVersionNeed(bytes, "lib.so", LibStdCxx, Version));
        Assert.Equal(patched, bytes);

        var copy = CopyToTemp(PristineLibrary());
        Assert.True(TorchSharpRuntime.PatchInPlace(copy));
        Assert.False(TorchSharpRuntime.PatchInPlace(copy));
        Assert.Equal(patched, File.ReadAllBytes(copy));
    }

    [Fact]
    public void Versions_that_are_called_through_relocations_or_are_a_librarys_only_version_are_refused()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var original = File.ReadAllBytes(PristineLibrary());
        var bytes = (byte[])original.Clone();

        var relocated = Assert.Throws<NotSupportedException>(
            () => ElfSymbolVersionPatcher.RemoveVersionNeed(bytes, "lib.so", "libc.so.6", "GLIBC_2.2.5"));
        Assert.Contains("relocations", relocated.Message, StringComparison.Ordinal);

        var onlyVersion = Assert.Throws<NotSupportedException>(
            () => ElfSymbolVersionPatcher.RemoveVersionNeed(bytes, "lib.so", "libgcc_s.so.1", "GCC_3.0"));
        Assert.Contains("only version", onlyVersion.Message, StringComparison.Ordinal);

        Assert.False(ElfSymbolVersionPatcher.RemoveVersionNeed(bytes, "lib.so", "libfoo.so.1", Version));
        Assert.False(ElfSymbolVersionPatcher.RemoveVersionNeed(bytes, "lib.so", LibStdCxx, "GLIBCXX_9.9"));
        Assert.Equal(original, bytes);
    }

    [Fact]
    public void Malformed_files_are_rejected_with_the_file_and_the_problem_named()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var original = File.ReadAllBytes(PristineLibrary());

        var garbage = new byte[4096];
        new Random(7).NextBytes(garbage);
        var notElf = Assert.Throws<InvalidDataException>(
            () => ElfSymbolVersionPatcher.RemoveVersionNeed(garbage, "garbage.so", LibStdCxx, Version));
        Assert.Contains("'garbage.so'", notElf.Message, StringComparison.Ordinal);
        Assert.Contains("ELF magic", notElf.Message, StringComparison.Ordinal);

        var truncated = original[..(original.Length / 2)];
        var cut = Assert.Throws<InvalidDataException>(
            () => ElfSymbolVersionPatcher.RemoveVersionNeed(truncated, "truncated.so", LibStdCxx, Version));
        Assert.Contains("'truncated.so'", cut.Message, StringComparison.Ordinal);
        Assert.Contains("section header table", cut.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", cut.Message, StringComparison.Ordinal);

        var header = original[..40];
        Assert.Throws<InvalidDataException>(() => ElfSymbolVersionPatcher.RemoveVersionNeed(header, "header.so", LibStdCxx, Version));

        // Point the libstdc++ need's first version far outside .gnu.version_r.
        var corrupt = (byte[])original.Clone();
        var need = ElfFile.Read(original, "lib.so")!.VersionNeeds.Single(n => n.Library == LibStdCxx);
        BinaryPrimitives.WriteUInt32LittleEndian(corrupt.AsSpan(need.Offset + 8), 0x00ff_0000);
        var outside = Assert.Throws<InvalidDataException>(
            () => ElfSymbolVersionPatcher.RemoveVersionNeed(corrupt, "corrupt.so", LibStdCxx, Version));
        Assert.Contains("'corrupt.so'", outside.Message, StringComparison.Ordinal);
        Assert.Contains("outside .gnu.version_r", outside.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Elf_files_of_other_classes_or_byte_orders_are_left_untouched()
    {
        var elf32 = new byte[64];
        elf32[0] = 0x7f;
        elf32[1] = (byte)'E';
        elf32[2] = (byte)'L';
        elf32[3] = (byte)'F';
        elf32[4] = 1;
        elf32[5] = 1;
        var bigEndian = (byte[])elf32.Clone();
        bigEndian[4] = 2;
        bigEndian[5] = 2;

        Assert.False(ElfSymbolVersionPatcher.RemoveVersionNeed(elf32, "elf32.so", LibStdCxx, Version));
        Assert.False(ElfSymbolVersionPatcher.RemoveVersionNeed(bigEndian, "be.so", LibStdCxx, Version));
        Assert.Null(ElfFile.Read(elf32, "elf32.so"));
    }

    /// <summary>
    /// TorchSharp's libLibTorchSharp.so as the NuGet package ships it. The copy in the test output directory cannot
    /// serve: on a system with an older libstdc++, Recommender.Training's module initializer patches it as soon as
    /// these tests touch the assembly.
    /// </summary>
    private static string PristineLibrary()
    {
        var depsFile = Path.Combine(AppContext.BaseDirectory, $"{typeof(ElfSymbolVersionPatcherTests).Assembly.GetName().Name}.deps.json");
        using var deps = JsonDocument.Parse(File.ReadAllText(depsFile));
        var package = deps.RootElement.GetProperty("libraries").EnumerateObject()
            .Single(library => library.Name.StartsWith("TorchSharp/", StringComparison.Ordinal));
        var packagePath = package.Value.GetProperty("path").GetString()!;
        var packagesFolder = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var library = Path.Combine(packagesFolder, packagePath, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(library), $"TorchSharp's native library is not in the NuGet package folder: {library} is missing.");
        return library;
    }

    private static ElfFile Read(string path) => ElfFile.Read(File.ReadAllBytes(path), path)!;

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    private string CopyToTemp(string path)
    {
        var copy = Path.Combine(directory, $"{Guid.NewGuid():N}-{Path.GetFileName(path)}");
        File.Copy(path, copy);
        return copy;
    }
}
