using Parquet;

namespace Recommender.Data.Readers;

/// <summary>Opens Parquet files with errors that name the file.</summary>
internal static class ParquetFiles
{
    private const double LimitSecondsPerMiB = 10;

    private static readonly TimeSpan LimitBase = TimeSpan.FromSeconds(30);

    public static async Task<ParquetReader> OpenAsync(string path, CancellationToken cancellationToken)
    {
        if (InputStreams.IsGzip(path))
        {
            throw Compressed(path);
        }

        ParquetFooter.Check(path);
        ParquetReader? reader = null;
        try
        {
            // The schema is decoded on first use; a damaged one must fail here, where the error names the file.
            var footerBytes = new FileInfo(path).Length;
            await WithinLimitAsync(async ct =>
            {
                reader = await ParquetReader.CreateAsync(path, null, ct).ConfigureAwait(false);
                _ = reader.Schema.DataFields;
            }, footerBytes, "the file's metadata", cancellationToken).ConfigureAwait(false);
            return reader!;
        }
        catch (Exception e) when (IsCorruption(e) && e is not FileNotFoundException and not DirectoryNotFoundException and not UnauthorizedAccessException)
        {
            if (reader is not null)
            {
                await reader.DisposeAsync().ConfigureAwait(false);
            }

            throw new DataFormatException(path, $"not a readable Parquet file ({e.Message.TrimEnd('.')}). Expected a complete Parquet file; write it again.", e);
        }
    }

    /// <summary>
    /// Runs a step of the Parquet library with a time limit far above what the step takes (a base plus an allowance per
    /// MiB of the data it reads). On some damaged files the library loops without end, and a read that never returns is
    /// worse than an error: past the limit the step is reported as damage (a <see cref="TimeoutException"/>, which the
    /// readers turn into a <see cref="DataFormatException"/>). The stuck step cannot be stopped; it keeps its thread
    /// until the process ends.
    /// </summary>
    public static async Task WithinLimitAsync(Func<CancellationToken, ValueTask> step, long bytes, string what, CancellationToken cancellationToken, TimeSpan? limitBase = null)
    {
        var limit = (limitBase ?? LimitBase) + TimeSpan.FromSeconds(LimitSecondsPerMiB * (bytes / (double)(1 << 20)));
        var task = Task.Run(async () => await step(cancellationToken).ConfigureAwait(false), cancellationToken);
        try
        {
            await task.WaitAsync(limit, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{what} was not read within {limit.TotalSeconds:N0} s; the Parquet library does not finish on damage like this"));
        }
    }

    public static ParquetRowGroupReader OpenRowGroup(ParquetReader reader, string path, int rowGroup)
    {
        try
        {
            return reader.OpenRowGroupReader(rowGroup);
        }
        catch (Exception e) when (IsCorruption(e))
        {
            throw Unreadable(path, rowGroup, e);
        }
    }

    /// <summary>The error for a gzip-compressed Parquet file.</summary>
    public static DataFormatException Compressed(string path) =>
        new(path, "the file is a gzip-compressed Parquet file. Parquet files are compressed internally; give the Parquet file uncompressed (decompress it with gunzip first).");

    /// <summary>
    /// Whether an exception from reading a Parquet file means the file is damaged. The Parquet library reports damage
    /// with many exception types (its own, argument, index and overflow errors), none of which the caller can act on
    /// differently, so all but cancellation and the readers' own errors count.
    /// </summary>
    public static bool IsCorruption(Exception e) => e is not (DataFormatException or OperationCanceledException or OutOfMemoryException);

    /// <summary>The error for a row group that cannot be read.</summary>
    public static DataFormatException Unreadable(string path, int rowGroup, Exception e) => e is NotSupportedException
        ? new DataFormatException(path, e.Message, e)
        : DataFormatException.At(path, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"row group {rowGroup}"),
            $"the row group cannot be read ({e.Message.TrimEnd('.')}); the file is damaged. Expected a complete Parquet file; write it again.",
            e.Message, "a readable row group", e);
}
