namespace Recommender.Data.Readers;

/// <summary>Tells file formats apart by name (without <c>.gz</c>) first, then by the first lines' content, where most lines decide.</summary>
internal static class FormatDetector
{
    private const int SampleLines = 200;

    public static InteractionFormat DetectInteractions(string path, Func<TextEncoding> encoding)
    {
        var name = InputStreams.NameWithoutGz(path);
        switch (Path.GetExtension(name))
        {
            case ".parquet":
                return InteractionFormat.Parquet;
            case ".csv":
                return InteractionFormat.Csv;
        }

        if (name == "ratings.dat")
        {
            return InteractionFormat.MovieLens1M;
        }

        if (name == "u.data")
        {
            return InteractionFormat.MovieLens100K;
        }

        if (IsParquet(path))
        {
            return InteractionFormat.Parquet;
        }

        if (IsCompressedParquet(path))
        {
            throw ParquetFiles.Compressed(path);
        }

        var lines = TextLines.Peek(path, encoding(), SampleLines);
        if (lines.Count == 0)
        {
            throw new DataFormatException(path, "the file is empty; there is nothing to detect a format from. Name the format with DataReadOptions.Format.");
        }

        if (Mostly(lines, l => l.Split("::").Length == 4))
        {
            return InteractionFormat.MovieLens1M;
        }

        var fields = lines.Select(l => l.Split(RowParsing.Whitespace, StringSplitOptions.RemoveEmptyEntries)).ToList();
        if (lines[0].Contains(',', StringComparison.Ordinal) && fields[0].Length == 1)
        {
            return InteractionFormat.Csv;
        }

        if (Mostly(lines, l => l.Split('\t').Length == 4 && l.Split(RowParsing.Whitespace, StringSplitOptions.RemoveEmptyEntries).Length == 4))
        {
            return InteractionFormat.MovieLens100K;
        }

        // In a file of interactions users come back line after line; in a file of sequences each user has one line.
        var width = fields.CountBy(f => f.Length).MaxBy(c => c.Value).Key;
        var usersRepeat = fields.Select(f => f[0]).Distinct(StringComparer.Ordinal).Count() < fields.Count;
        var sameWidth = Mostly(fields, f => f.Length == width);
        return (usersRepeat && sameWidth && width <= 4) || (sameWidth && width == 2)
            ? InteractionFormat.InteractionText
            : InteractionFormat.SequenceText;
    }

    public static ItemFormat DetectItems(string path, Func<TextEncoding> encoding)
    {
        var name = InputStreams.NameWithoutGz(path);
        switch (Path.GetExtension(name))
        {
            case ".parquet":
                return ItemFormat.Parquet;
            case ".csv":
                return ItemFormat.Csv;
        }

        if (name == "movies.dat")
        {
            return ItemFormat.MovieLens1M;
        }

        if (name == "u.item")
        {
            return ItemFormat.MovieLens100K;
        }

        if (IsParquet(path))
        {
            return ItemFormat.Parquet;
        }

        if (IsCompressedParquet(path))
        {
            throw ParquetFiles.Compressed(path);
        }

        var lines = TextLines.Peek(path, encoding(), SampleLines);
        if (lines.Count > 0 && Mostly(lines, l => l.Split("::").Length == 3))
        {
            return ItemFormat.MovieLens1M;
        }

        if (lines.Count > 0 && Mostly(lines, l => l.Split('|').Length == 24))
        {
            return ItemFormat.MovieLens100K;
        }

        if (lines.Count > 0 && lines[0].Contains(',', StringComparison.Ordinal))
        {
            return ItemFormat.Csv;
        }

        throw new DataFormatException(path, "cannot tell the item file's format (expected movies.dat, u.item, CSV with a header, or Parquet). Name it with DataReadOptions.ItemFormat.");
    }

    /// <summary>
    /// Whether the sampled lines clearly have a shape: at least nine in ten of them, or all but one when there are at
    /// least three. A malformed line or two must not turn a file into another format, where its error would name the
    /// wrong line and the wrong expectation; the reader names the bad line instead.
    /// </summary>
    private static bool Mostly<T>(List<T> lines, Func<T, bool> shape)
    {
        var misses = lines.Count(l => !shape(l));
        return misses * 10 <= lines.Count || (misses == 1 && lines.Count >= 3);
    }

    /// <summary>Whether the file is Parquet by its name or its first bytes.</summary>
    public static bool IsParquetFile(string path) =>
        Path.GetExtension(InputStreams.NameWithoutGz(path)) == ".parquet" || IsParquet(path) || IsCompressedParquet(path);

    private static bool IsParquet(string path)
    {
        Span<byte> magic = stackalloc byte[4];
        using var stream = File.OpenRead(path);
        return stream.Length >= 8 && stream.Read(magic) == 4 && magic.SequenceEqual("PAR1"u8);
    }

    private static bool IsCompressedParquet(string path)
    {
        Span<byte> magic = stackalloc byte[4];
        using var stream = InputStreams.Open(path);
        return stream is GzipInputStream && InputStreams.Read(path, stream, magic, 0) == 4 && magic.SequenceEqual("PAR1"u8);
    }
}
