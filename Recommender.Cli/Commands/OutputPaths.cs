using Recommender.Cli.Failures;

namespace Recommender.Cli.Commands;

/// <summary>
/// Checks an output before any work starts, so an hour of training or scoring never ends in "cannot write":
/// the path is not a folder (or, for folder outputs, not a file), it does not replace an input, and its folder
/// can be created and written (a probe file is made there and removed).
/// </summary>
internal static class OutputPaths
{
    /// <summary>
    /// Checks that the file <paramref name="path"/>, given by <paramref name="flag"/>, can be written and is none of
    /// <paramref name="inputs"/>; <paramref name="example"/> is a file name to suggest when a folder was given.
    /// </summary>
    public static void CheckFile(string flag, string path, string example, params string?[] inputs)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw CliFailure.Usage($"{flag}: '{path}' is a folder; give the path of the file to write (for example '{Path.Combine(path, example)}').");
        }

        RefuseInputs(flag, path, full, inputs);
        Probe(flag, Path.GetDirectoryName(full)!);
    }

    /// <summary>Checks that the folder <paramref name="path"/>, given by <paramref name="flag"/>, can be written into and holds none of <paramref name="inputs"/>.</summary>
    public static void CheckFolder(string flag, string path, params string?[] inputs)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            throw CliFailure.Usage($"{flag}: '{path}' is a file; give a folder to write into.");
        }

        RefuseInputs(flag, path, full, inputs);
        Probe(flag, full);
    }

    private static void RefuseInputs(string flag, string path, string full, string?[] inputs)
    {
        foreach (var input in inputs.OfType<string>())
        {
            var inputFull = Path.GetFullPath(input);
            var same = SamePath(full, inputFull)
                || (Directory.Exists(inputFull) && File.Exists(full) && SamePath(Path.GetDirectoryName(full)!, inputFull))
                || (Directory.Exists(full) && File.Exists(inputFull) && SamePath(Path.GetDirectoryName(inputFull)!, full));
            if (same)
            {
                throw CliFailure.Usage($"{flag}: '{path}' is (or holds) an input of this command ('{input}'); writing it would replace what you gave. Choose another output path.");
            }
        }
    }

    private static bool SamePath(string a, string b) =>
        string.Equals(Resolved(a), Resolved(b), OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    /// <summary>The path with symbolic links followed, so a link to an input is recognised as that input.</summary>
    private static string Resolved(string path)
    {
        try
        {
            FileSystemInfo info = Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
            return Path.TrimEndingDirectorySeparator(info.Exists ? info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? info.FullName : info.FullName);
        }
        catch (IOException)
        {
            return path;
        }
    }

    private static void Probe(string flag, string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, $".recommender-write-check.{Guid.NewGuid():N}.tmp");
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliFailure.InputOutput($"{flag}: cannot write into the folder '{folder}' ({e.Message.TrimEnd('.')}); nothing was done. Choose a folder you can write, or make this one writable.");
        }
    }
}
