using System.Text;

namespace Recommender.Data;

/// <summary>How input files are read. The defaults detect formats and stop at the first malformed row.</summary>
public sealed record DataReadOptions
{
    /// <summary>The interactions file format. Default: <see cref="InteractionFormat.Auto"/>; an explicit format wins over detection.</summary>
    public InteractionFormat Format { get; init; } = InteractionFormat.Auto;

    /// <summary>The item file format. Default: <see cref="ItemFormat.Auto"/>.</summary>
    public ItemFormat ItemFormat { get; init; } = ItemFormat.Auto;

    /// <summary>What to do with malformed rows. Default: <see cref="BadRowPolicy.Fail"/>.</summary>
    public BadRowPolicy BadRows { get; init; } = BadRowPolicy.Fail;

    /// <summary>Columns of CSV and Parquet files. Default: found by common names.</summary>
    public ColumnMapping Columns { get; init; } = new();

    /// <summary>
    /// Text encoding of text files (ignored for Parquet). Default: <see langword="null"/>, meaning detected: a byte order
    /// mark wins; else UTF-16 when every other byte of the first 4 KiB is mostly NUL; else UTF-8 when the bytes are valid
    /// UTF-8 (the whole file, or the first 1 MiB decompressed of a gzip file); else Latin-1. Text is decoded strictly
    /// either way: bytes the encoding cannot decode stop the read with a <see cref="DataFormatException"/> naming their line.
    /// The encoding used and how it was decided are in <see cref="ReadReport.Encoding"/> and <see cref="ReadReport.EncodingDecision"/>.
    /// </summary>
    public Encoding? Encoding { get; init; }

    /// <summary>How exact duplicate interactions are handled when building the log. Default: <see cref="DuplicateHandling.Drop"/>.</summary>
    public DuplicateHandling Duplicates { get; init; } = DuplicateHandling.Drop;

    /// <summary>
    /// Item ids that get the first item indices, in this order, whether or not the data has them; the data's other
    /// items follow. A warm start sets the earlier model's items here, so each keeps its row. Default null (indices in
    /// order of first appearance).
    /// </summary>
    public IReadOnlyList<string>? KnownItems { get; init; }
}
