namespace Recommender.Data;

/// <summary>
/// What a reader read from one file, or from the files of a partitioned folder, and what it skipped. Filled in as
/// the reader streams.
/// </summary>
public sealed class ReadReport
{
    /// <summary>How many skipped rows are kept as examples.</summary>
    public const int MaxExamples = 5;

    private readonly List<SkippedRow> _examples = [];

    /// <summary>Creates an empty report.</summary>
    public ReadReport(string filePath, string format)
    {
        FilePath = filePath;
        Format = format;
    }

    /// <summary>The file read, or the folder whose files were read.</summary>
    public string FilePath { get; }

    /// <summary>Files whose rows this report counts: 1 for a file; for a folder, its files read so far.</summary>
    public int FilesRead { get; private set; } = 1;

    /// <summary>The format it was read as, e.g. "movielens-1m".</summary>
    public string Format { get; }

    /// <summary>The text encoding the file was read with, e.g. "UTF-8" or "Latin-1"; null for Parquet.</summary>
    public string? Encoding { get; internal set; }

    /// <summary>How <see cref="Encoding"/> was decided, e.g. "byte order mark", "given", or "not valid UTF-8: first invalid byte at offset 12".</summary>
    public string? EncodingDecision { get; internal set; }

    /// <summary>Rows read and returned.</summary>
    public long RowsRead { get; private set; }

    /// <summary>Malformed rows skipped (only with <see cref="BadRowPolicy.Skip"/>).</summary>
    public long RowsSkipped { get; private set; }

    /// <summary>Blank and comment lines passed over; not data, but counted so nothing goes unreported.</summary>
    public long LinesIgnored { get; private set; }

    /// <summary>The first <see cref="MaxExamples"/> skipped rows.</summary>
    public IReadOnlyList<SkippedRow> SkippedExamples => _examples;

    /// <summary>A report over the files of <paramref name="folderPath"/>, which <see cref="Add"/> fills in file by file.</summary>
    internal static ReadReport ForFolder(string folderPath, string format) => new(folderPath, format) { FilesRead = 0 };

    internal void CountRead() => RowsRead++;

    /// <summary>Counts the file <paramref name="file"/> reported on; its skipped rows are named with <paramref name="name"/>, the file within the folder.</summary>
    internal void Add(ReadReport file, string name)
    {
        FilesRead++;
        RowsRead += file.RowsRead;
        RowsSkipped += file.RowsSkipped;
        LinesIgnored += file.LinesIgnored;
        foreach (var row in file.SkippedExamples.Take(MaxExamples - _examples.Count))
        {
            _examples.Add(row with { Location = $"{name}: {row.Location}" });
        }
    }

    internal void CountIgnored() => LinesIgnored++;

    internal void Skip(DataFormatException error)
    {
        RowsSkipped++;
        if (_examples.Count < MaxExamples)
        {
            _examples.Add(new SkippedRow(error.Location, $"expected {error.Expected}, found '{DataFormatException.Visible(error.Found)}'"));
        }
    }
}
