using System.Runtime.CompilerServices;
using Recommender.Data;
using Recommender.Data.Readers;

namespace Recommender.BatchScoring;

/// <summary>
/// Histories in a folder of Parquet files, as Spark or Hive write a table: <c>part-00000-….parquet</c> files, at the top
/// or in <c>key=value/</c> partition folders. Names starting with <c>_</c> or <c>.</c> (<c>_SUCCESS</c>,
/// <c>_committed_…</c>, <c>.crc</c> files, <c>_temporary/</c>) are not data and are passed over, as Spark and Hive
/// readers do; every other file must be Parquet. The files are read one after the other in the ordinal order of
/// their paths within the folder, and all must have the same layout (one row per user, or interactions grouped by
/// user). A user's rows must all be in one file: a user read again, in the same or a later file, stops the read.
/// </summary>
public sealed class PartitionedHistories : HistorySource
{
    private readonly IReadOnlyList<HistoryFile> _files;

    private PartitionedHistories(string folder, IReadOnlyList<HistoryFile> files)
    {
        FolderPath = folder;
        _files = files;
        Files = [.. files.Select(f => f.FilePath)];
        Layout = files[0].Layout;
        Report = ReadReport.ForFolder(folder, files[0].Report.Format);
    }

    /// <summary>The folder read.</summary>
    public string FolderPath { get; }

    /// <summary>The data files, in reading order.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <inheritdoc />
    public override HistoryLayout Layout { get; }

    /// <inheritdoc />
    public override ReadReport Report { get; }

    /// <summary>Finds the data files of <paramref name="folder"/> and opens each, to check that all have the same layout before any is read.</summary>
    /// <exception cref="FileNotFoundException">The folder does not exist or holds no data files.</exception>
    /// <exception cref="DataFormatException">A data file is not Parquet or not readable, or two files differ in layout.</exception>
    public static new async Task<PartitionedHistories> OpenAsync(string folder, DataReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(folder);
        options ??= new DataReadOptions();
        if (options.Format is not (InteractionFormat.Auto or InteractionFormat.Parquet))
        {
            throw new ArgumentException(
                $"'{folder}' is a folder of Parquet files, which DataReadOptions.Format {FormatNames.Of(options.Format)} cannot read; leave the format to be detected or name parquet.", nameof(options));
        }

        var files = new List<HistoryFile>();
        foreach (var path in DataFiles(folder))
        {
            if (!FormatDetector.IsParquetFile(path))
            {
                throw new DataFormatException(path, "not a Parquet file; a folder of histories holds only Parquet data files (names starting with _ or . are passed over)");
            }

            var file = await HistoryFile.OpenAsync(path, options with { Format = InteractionFormat.Parquet }, cancellationToken).ConfigureAwait(false);
            if (files.Count > 0 && file.Layout != files[0].Layout)
            {
                throw new DataFormatException(path, $"holds {Describe(file.Layout)}, but {files[0].FilePath} holds {Describe(files[0].Layout)}; all files of a folder must have the same layout");
            }

            files.Add(file);
        }

        return files.Count > 0
            ? new PartitionedHistories(folder, files)
            : throw new FileNotFoundException(
                $"The folder '{folder}' holds no data files: expected Parquet files (as Spark writes them, possibly in key=value/ partition folders; names starting with _ or . are passed over), "
                + $"or a dataset folder's interactions file (one of: {string.Join(", ", DatasetLayout.InteractionFileNames)}).", folder);
    }

    /// <summary>Streams the users of every file, file after file.</summary>
    /// <exception cref="DataFormatException">A row is malformed (and the policy is to fail), or a user's rows are not together in one file.</exception>
    public override async IAsyncEnumerable<UserHistory> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var order = new UserOrder();
        foreach (var file in _files)
        {
            await foreach (var user in file.ReadAsync(order, cancellationToken).ConfigureAwait(false))
            {
                yield return user;
            }

            Report.Add(file.Report, RelativePath(file.FilePath));
        }
    }

    /// <summary>The data files under <paramref name="folder"/>, in the ordinal order of their paths within it.</summary>
    internal static IReadOnlyList<string> DataFiles(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new FileNotFoundException($"The folder '{folder}' does not exist.", folder);
        }

        var files = new List<(string Relative, string Path)>();
        Collect(folder, string.Empty);
        return [.. files.OrderBy(f => f.Relative, StringComparer.Ordinal).Select(f => f.Path)];

        void Collect(string directory, string prefix)
        {
            foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
            {
                if (entry.Name.StartsWith('_') || entry.Name.StartsWith('.'))
                {
                    continue;
                }

                // Relative paths with '/' on every system, so the order is the same wherever the job runs.
                var path = Path.Combine(directory, entry.Name);
                if (entry is DirectoryInfo)
                {
                    Collect(path, $"{prefix}{entry.Name}/");
                }
                else
                {
                    files.Add(($"{prefix}{entry.Name}", path));
                }
            }
        }
    }

    private string RelativePath(string file) => Path.GetRelativePath(FolderPath, file).Replace(Path.DirectorySeparatorChar, '/');

    private static string Describe(HistoryLayout layout) => layout == HistoryLayout.UserLists ? "one row per user with a list of items" : "interactions (one row per interaction)";
}
