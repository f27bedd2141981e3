using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using TorchSharp;

namespace Recommender.Training.Native;

/// <summary>
/// Makes TorchSharp's native library loadable on Linux distributions whose libstdc++ predates GCC 13
/// (Debian 12, Ubuntu 22.04, RHEL 9 and others).
/// </summary>
/// <remarks>
/// <para>
/// TorchSharp's <c>libLibTorchSharp.so</c> is built with GCC 13, whose <c>&lt;iostream&gt;</c> makes every file
/// require the symbol version <c>GLIBCXX_3.4.32</c> for <c>std::ios_base_library_init()</c>, a symbol the library
/// never calls. An older libstdc++ lacks that version, the dynamic linker refuses the file, and TorchSharp reports
/// that the application "doesn't contain a reference to libtorch-cpu-linux-x64".
/// On such systems <see cref="EnsureLoadable"/> removes that one requirement from the library file in the build
/// output (see <c>docs/torchsharp-on-older-linux.md</c>); elsewhere it changes nothing.
/// </para>
/// <para>
/// Recommender.Training calls it when the assembly is first used. Call it yourself, before the first use of
/// <see cref="torch"/>, when code touches TorchSharp before anything in Recommender.Training: TorchSharp loads the
/// native library once per process and remembers a failure.
/// </para>
/// </remarks>
public static class TorchSharpRuntime
{
    private const string LibStdCxx = "libstdc++.so.6";
    private const string MissingVersion = "GLIBCXX_3.4.32";

    // The only GLIBCXX_3.4.32 symbol libLibTorchSharp.so uses, and defined by every libstdc++ from GCC 13 on.
    private const string MissingVersionProbe = "_ZSt21ios_base_library_initv";

    private const string NativeLibraryFileName = "libLibTorchSharp.so";

    // ExecutionAndPublication runs the check once even when threads race, and keeps a failure to rethrow on every call.
    private static readonly Lazy<Outcome> Result = new(Prepare, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// The <c>libLibTorchSharp.so</c> that TorchSharp loads first and that <see cref="EnsureLoadable"/> inspected
    /// (and patched, when it returned <see cref="TorchSharpLoadStatus.Patched"/>); null when it had no reason to look
    /// or found none. Runs <see cref="EnsureLoadable"/> if it has not run.
    /// </summary>
    /// <exception cref="InvalidOperationException">See <see cref="EnsureLoadable"/>.</exception>
    public static string? NativeLibraryPath => Result.Value.LibraryPath;

    /// <summary>
    /// Checks, once per process and thread-safely, that TorchSharp's native library can load, and patches it when
    /// this Linux system's libstdc++ is older than GCC 13's. Later calls return the first call's result or rethrow
    /// its exception.
    /// </summary>
    /// <returns>What was found and done.</returns>
    /// <exception cref="InvalidOperationException">The library needs patching but its directory is not writable.</exception>
    /// <exception cref="InvalidDataException">The library file is not a well-formed ELF file.</exception>
    /// <exception cref="NotSupportedException">The library uses GLIBCXX_3.4.32 in a way that patching cannot fix.</exception>
    public static TorchSharpLoadStatus EnsureLoadable() => Result.Value.Status;

    /// <summary>Runs <see cref="EnsureLoadable"/> for the module initializer, which must not throw.</summary>
    internal static void EnsureLoadableWithoutThrowing()
    {
        try
        {
            _ = Result.Value;
        }
#pragma warning disable CA1031 // Result keeps the exception; EnsureLoadable and NativeLibraryPath rethrow it to the caller.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>
    /// Removes the GLIBCXX_3.4.32 requirement from a copy of libLibTorchSharp.so, replacing the file atomically so
    /// that concurrent processes see either the old or the new file, never a partial one.
    /// </summary>
    /// <param name="path">The library file.</param>
    /// <returns>True when the file was replaced; false when it did not need the version.</returns>
    /// <exception cref="InvalidOperationException">The directory is not writable.</exception>
    [SupportedOSPlatform("linux")]
    internal static bool PatchInPlace(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (!ElfSymbolVersionPatcher.RemoveVersionNeed(bytes, path, LibStdCxx, MissingVersion))
        {
            return false;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.SetUnixFileMode(temporary, File.GetUnixFileMode(path));
            File.Move(temporary, path, overwrite: true);
            return true;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }

            throw new InvalidOperationException(
                $"TorchSharp's native library '{path}' needs {MissingVersion} from {LibStdCxx} (GCC 13 or newer), which this "
                + $"system's {LibStdCxx} does not provide, so it has to be patched, but the patched copy could not be written "
                + $"to '{directory}': {e.Message} "
                + "Run the application once with write access to that directory (the patch stays in the file), run it from "
                + $"a writable copy of its output directory, or install a {LibStdCxx} from GCC 13 or newer. "
                + "See docs/torchsharp-on-older-linux.md.",
                e);
        }
    }

    private static Outcome Prepare()
    {
        if (!OperatingSystem.IsLinux())
        {
            return new Outcome(TorchSharpLoadStatus.NotLinux, null);
        }

        if (LibStdCxxProvidesMissingVersion())
        {
            return new Outcome(TorchSharpLoadStatus.SystemLibStdCxxSufficient, null);
        }

        var candidates = CandidatePaths().Where(File.Exists).ToList();
        if (candidates.Count == 0)
        {
            return new Outcome(TorchSharpLoadStatus.LibraryNotFound, null);
        }

        // Patch every copy: which one TorchSharp loads depends on the deps.json of the application.
        var patched = false;
        foreach (var candidate in candidates)
        {
            patched |= PatchInPlace(candidate);
        }

        return new Outcome(patched ? TorchSharpLoadStatus.Patched : TorchSharpLoadStatus.AlreadyCompatible, candidates[0]);
    }

    private static bool LibStdCxxProvidesMissingVersion()
    {
        // Loads the same libstdc++ the dynamic linker would give libLibTorchSharp.so, since the process already has one.
        if (!NativeLibrary.TryLoad(LibStdCxx, out var handle))
        {
            return false;
        }

        try
        {
            return NativeLibrary.TryGetExport(handle, MissingVersionProbe, out _);
        }
        finally
        {
            NativeLibrary.Free(handle);
        }
    }

    private static IEnumerable<string> CandidatePaths()
    {
        // Assembly.Location is empty in a single-file bundle, whose native libraries sit beside the executable.
        var location = typeof(torch).Assembly.Location;
        var directory = string.IsNullOrEmpty(location) ? AppContext.BaseDirectory : Path.GetDirectoryName(location)!;

        // The order TorchSharp tries: the portable build layout first, then a RID-specific publish.
        yield return Path.Combine(directory, "runtimes", "linux-x64", "native", NativeLibraryFileName);
        yield return Path.Combine(directory, NativeLibraryFileName);
    }

    private sealed record Outcome(TorchSharpLoadStatus Status, string? LibraryPath);
}
