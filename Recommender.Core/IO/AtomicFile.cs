using System.Text.RegularExpressions;

namespace Recommender.IO;

/// <summary>
/// Writes a file so that readers see either the old file or the complete new one: the content goes
/// to a temporary file beside the target, which replaces the target only after it is complete.
/// A failure or a kill leaves no partial output behind, and the temporary file a killed writer left is
/// removed by the next write of the same target.
/// </summary>
public static partial class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>, replacing any existing file once the write succeeded.</summary>
    public static async Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        RemoveStaleTemporaries(full);
        var temporary = TemporaryPath(full);
        try
        {
            // FileShare.None locks the file (an advisory lock on Unix) for as long as this writer lives, which is how
            // another writer tells a file in progress from one a killed process left behind.
            var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await write(stream, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>, replacing any existing file once the write succeeded.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        WriteAsync(path, (stream, _) =>
        {
            write(stream);
            return Task.CompletedTask;
        }).GetAwaiter().GetResult();
    }

    /// <summary>
    /// Removes the temporary files that writers of <paramref name="path"/> left when they were killed; a temporary file
    /// whose writer is still running is locked and kept. Returns how many were removed.
    /// </summary>
    public static int RemoveStaleTemporaries(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(directory))
        {
            return 0;
        }

        var name = Path.GetFileName(full);
        var removed = 0;
        foreach (var candidate in Directory.EnumerateFiles(directory, $".{name}.*.tmp"))
        {
            if (!IsTemporaryOf(candidate, name))
            {
                continue;
            }

            try
            {
                using (new FileStream(candidate, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose))
                {
                }

                removed++;
            }
            catch (IOException)
            {
                // Locked: its writer is alive. Or gone already: another writer removed it first.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to remove; the write itself will say whether the folder is writable.
            }
        }

        return removed;
    }

    /// <summary>
    /// Whether a running writer is writing <paramref name="path"/> now: after the temporaries of killed writers are
    /// removed, whether one is left.
    /// </summary>
    public static bool IsBeingWritten(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        RemoveStaleTemporaries(path);
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        var name = Path.GetFileName(full);
        return Directory.Exists(directory) && Directory.EnumerateFiles(directory, $".{name}.*.tmp").Any(t => IsTemporaryOf(t, name));
    }

    private static bool IsTemporaryOf(string candidate, string name) =>
        TemporaryName().IsMatch(Path.GetFileName(candidate)) && Path.GetFileName(candidate).Length == name.Length + 38;

    private static string TemporaryPath(string full) => Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");

    /// <summary>A temporary name as <see cref="TemporaryPath"/> makes them: the target's name between a dot and 32 hex digits.</summary>
    [GeneratedRegex(@"^\..+\.[0-9a-f]{32}\.tmp$", RegexOptions.CultureInvariant)]
    private static partial Regex TemporaryName();
}
