using Parquet;

namespace Recommender.Data.Readers;

/// <summary>Opens Parquet files with errors that name the file.</summary>
internal static class ParquetFiles
{
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
            reader = await ParquetReader.CreateAsync(path, null, cancellationToken).ConfigureAwait(false);

            // The schema is decoded on first use; a damaged one must fail here, where the error names the file.
            _ = reader.Schema.DataFields;
            return reader;
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
