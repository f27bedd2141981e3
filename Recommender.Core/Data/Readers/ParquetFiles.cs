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

        try
        {
            return await ParquetReader.CreateAsync(path, null, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new DataFormatException(path, $"not a readable Parquet file ({e.Message})", e);
        }
    }

    /// <summary>The error for a gzip-compressed Parquet file.</summary>
    public static DataFormatException Compressed(string path) =>
        new(path, "the file is a gzip-compressed Parquet file. Parquet files are compressed internally; give the Parquet file uncompressed (decompress it with gunzip first).");
}
