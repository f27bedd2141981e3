using Recommender.Data;

namespace Recommender.BatchScoring;

/// <summary>
/// Where batch scoring reads user histories from: one file (<see cref="HistoryFile"/>), or a folder of Parquet files as
/// Spark or Hive write a table (<see cref="PartitionedHistories"/>). Either streams one user at a time.
/// </summary>
public abstract class HistorySource
{
    private protected HistorySource()
    {
    }

    /// <summary>How the input holds its histories.</summary>
    public abstract HistoryLayout Layout { get; }

    /// <summary>Rows and files read and rows skipped so far; complete once <see cref="ReadAsync"/> has been enumerated.</summary>
    public abstract ReadReport Report { get; }

    /// <summary>
    /// Opens <paramref name="path"/>: a file; a dataset folder (one with an interactions file, see
    /// <see cref="DatasetLayout.InteractionFileNames"/>), read through that file; or any other folder, read as a
    /// partitioned folder of Parquet files (<see cref="PartitionedHistories"/>).
    /// </summary>
    /// <exception cref="FileNotFoundException">The path does not exist, or the folder holds no data files.</exception>
    /// <exception cref="DataFormatException">A file's format cannot be detected, a file is not readable, or the files of a folder differ in layout.</exception>
    public static async Task<HistorySource> OpenAsync(string path, DataReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Directory.Exists(path) && DatasetLayout.FindInteractions(path) is null
            ? await PartitionedHistories.OpenAsync(path, options, cancellationToken).ConfigureAwait(false)
            : await HistoryFile.OpenAsync(path, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Streams the users in input order.</summary>
    /// <exception cref="DataFormatException">A row is malformed (and the policy is to fail), or a user's rows do not come together.</exception>
    public abstract IAsyncEnumerable<UserHistory> ReadAsync(CancellationToken cancellationToken = default);
}
