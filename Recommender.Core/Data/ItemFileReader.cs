using System.Runtime.CompilerServices;
using Recommender.Data.Readers;

namespace Recommender.Data;

/// <summary>
/// Streams the items of one catalog file in any supported format, and reports what it read and skipped.
/// An id that appears again keeps its first row; the repeats are counted in <see cref="DuplicateIds"/>.
/// </summary>
public sealed class ItemFileReader
{
    private readonly IItemSource _source;
    private readonly BadRowPolicy _badRows;

    private ItemFileReader(string path, ItemFormat format, IItemSource source, BadRowPolicy badRows, TextEncoding? encoding)
    {
        FilePath = path;
        Format = format;
        _source = source;
        _badRows = badRows;
        Report = new ReadReport(path, FormatNames.Of(format)) { Encoding = encoding?.Name, EncodingDecision = encoding?.Decision };
    }

    /// <summary>The file read.</summary>
    public string FilePath { get; }

    /// <summary>The format it is read as.</summary>
    public ItemFormat Format { get; }

    /// <summary>What has been read and skipped so far.</summary>
    public ReadReport Report { get; }

    /// <summary>Rows whose id an earlier row already had; the first row is kept.</summary>
    public long DuplicateIds { get; private set; }

    /// <summary>Opens <paramref name="path"/>, detecting its format unless <see cref="DataReadOptions.ItemFormat"/> names one.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static ItemFileReader Open(string path, DataReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= new DataReadOptions();
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The items file '{path}' does not exist.", path);
        }

        TextEncoding? detected = null;
        TextEncoding Text() => detected ??= TextEncodingDetector.Detect(path, options.Encoding);
        var format = options.ItemFormat == ItemFormat.Auto ? FormatDetector.DetectItems(path, Text) : options.ItemFormat;
        var encoding = format == ItemFormat.Parquet ? null : Text();
        IItemSource source = format switch
        {
            ItemFormat.MovieLens1M or ItemFormat.MovieLens100K => new MovieLensItemSource(path, encoding!, format),
            ItemFormat.Csv => new CsvItemSource(path, encoding!, options.Columns),
            ItemFormat.Parquet => new ParquetItemSource(path, options.Columns),
            _ => throw new ArgumentOutOfRangeException(nameof(options), format, "Unknown item format."),
        };
        return new ItemFileReader(path, format, source, options.BadRows, encoding);
    }

    /// <summary>Streams the items in file order, each id once.</summary>
    public async IAsyncEnumerable<CatalogItem> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var badRows = new BadRowHandler(FilePath, _badRows, Report);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var item in _source.ReadAsync(Report, badRows, cancellationToken).ConfigureAwait(false))
        {
            if (!seen.Add(item.Id))
            {
                DuplicateIds++;
                continue;
            }

            yield return item;
        }
    }

    /// <summary>Reads the whole file into a catalog.</summary>
    public async Task<ItemCatalog> ReadCatalogAsync(CancellationToken cancellationToken = default)
    {
        var items = new List<CatalogItem>();
        await foreach (var item in ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            items.Add(item);
        }

        return new ItemCatalog(items);
    }
}
