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

    /// <summary>Text encoding. Default: <see langword="null"/>, meaning latin-1 for MovieLens files and UTF-8 for everything else.</summary>
    public Encoding? Encoding { get; init; }

    /// <summary>How exact duplicate interactions are handled when building the log. Default: <see cref="DuplicateHandling.Drop"/>.</summary>
    public DuplicateHandling Duplicates { get; init; } = DuplicateHandling.Drop;
}
