namespace Recommender.Data;

/// <summary>What a reader read from one file and what it skipped. Filled in as the reader streams.</summary>
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

    /// <summary>The file read.</summary>
    public string FilePath { get; }

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

    internal void CountRead() => RowsRead++;

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
