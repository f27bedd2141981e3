using System.Runtime.CompilerServices;
using Recommender.Data.Readers;

namespace Recommender.Data;

/// <summary>
/// Streams the interactions of one file in any supported format, and reports what it read and skipped.
/// </summary>
public sealed class InteractionFileReader
{
    private readonly IInteractionSource _source;
    private readonly BadRowPolicy _badRows;

    private InteractionFileReader(string path, InteractionFormat format, IInteractionSource source, BadRowPolicy badRows, TextEncoding? encoding)
    {
        FilePath = path;
        Format = format;
        _source = source;
        _badRows = badRows;
        Report = new ReadReport(path, FormatNames.Of(format)) { Encoding = encoding?.Name, EncodingDecision = encoding?.Decision };
    }

    /// <summary>The file read.</summary>
    public string FilePath { get; }

    /// <summary>The format it is read as (detected unless the options name one).</summary>
    public InteractionFormat Format { get; }

    /// <summary>What has been read and skipped so far; complete once <see cref="ReadAsync"/> has been enumerated.</summary>
    public ReadReport Report { get; }

    /// <summary>Opens <paramref name="path"/>, detecting its format unless <see cref="DataReadOptions.Format"/> names one.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The format cannot be detected.</exception>
    public static InteractionFileReader Open(string path, DataReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= new DataReadOptions();
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The interactions file '{path}' does not exist.", path);
        }

        TextEncoding? detected = null;
        TextEncoding Text() => detected ??= TextEncodingDetector.Detect(path, options.Encoding);
        var format = options.Format == InteractionFormat.Auto ? FormatDetector.DetectInteractions(path, Text) : options.Format;
        var encoding = format == InteractionFormat.Parquet ? null : Text();
        IInteractionSource source = format switch
        {
            InteractionFormat.MovieLens1M or InteractionFormat.MovieLens100K or InteractionFormat.InteractionText
                => new InteractionLineSource(path, encoding!, format),
            InteractionFormat.SequenceText => new SequenceLineSource(path, encoding!),
            InteractionFormat.Csv => new CsvInteractionSource(path, encoding!, options.Columns),
            InteractionFormat.Parquet => new ParquetInteractionSource(path, options.Columns),
            _ => throw new ArgumentOutOfRangeException(nameof(options), format, "Unknown interaction format."),
        };
        return new InteractionFileReader(path, format, source, options.BadRows, encoding);
    }

    /// <summary>Streams the interactions in file order.</summary>
    /// <exception cref="DataFormatException">A row is malformed and the policy is <see cref="BadRowPolicy.Fail"/>.</exception>
    public async IAsyncEnumerable<InteractionRecord> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var badRows = new BadRowHandler(FilePath, _badRows, Report);
        await foreach (var record in _source.ReadAsync(Report, badRows, cancellationToken).ConfigureAwait(false))
        {
            yield return record;
        }
    }
}
