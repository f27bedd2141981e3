using System.Runtime.CompilerServices;
using Recommender.Data;
using Recommender.Data.Readers;

namespace Recommender.BatchScoring;

/// <summary>
/// Streams user histories out of a file without holding more than one user at a time: Parquet with one row per user
/// and a list column of item ids, or interactions in any format the readers know, which must then come grouped by
/// user (any order of users; within a user, time order, or file order when there are no timestamps). Bad rows follow
/// <see cref="DataReadOptions.BadRows"/>: the whole read stops with the row named, or the row is skipped and counted.
/// </summary>
public sealed class HistoryFile : HistorySource
{
    private readonly DataReadOptions _options;
    private readonly InteractionFileReader? _interactions;

    private HistoryFile(string path, DataReadOptions options, InteractionFileReader? interactions)
    {
        FilePath = path;
        Layout = interactions is null ? HistoryLayout.UserLists : HistoryLayout.Interactions;
        _options = options;
        _interactions = interactions;
        Report = interactions?.Report ?? new ReadReport(path, "parquet, one row per user");
    }

    /// <summary>The file read.</summary>
    public string FilePath { get; }

    /// <inheritdoc />
    public override HistoryLayout Layout { get; }

    /// <inheritdoc />
    public override ReadReport Report { get; }

    /// <summary>
    /// Opens <paramref name="path"/> (a file, or a dataset folder's interactions file): a Parquet file with a list
    /// column is read as one row per user, anything else as interactions.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist, or the folder has no interactions file.</exception>
    /// <exception cref="DataFormatException">The format cannot be detected or the file is not readable.</exception>
    public static new async Task<HistoryFile> OpenAsync(string path, DataReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= new DataReadOptions();
        path = DatasetLayout.Resolve(path).Interactions;

        var format = options.Format == InteractionFormat.Auto && FormatDetector.IsParquetFile(path) ? InteractionFormat.Parquet : options.Format;
        if (format == InteractionFormat.Parquet)
        {
            var reader = await ParquetFiles.OpenAsync(path, cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (ParquetHistorySource.Reads(reader.Schema))
                {
                    return new HistoryFile(path, options, null);
                }
            }
        }

        return new HistoryFile(path, options, InteractionFileReader.Open(path, options with { Format = format }));
    }

    /// <summary>Streams the users in file order.</summary>
    /// <exception cref="DataFormatException">A row is malformed (and the policy is to fail), or interactions are not grouped by user.</exception>
    public override IAsyncEnumerable<UserHistory> ReadAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(Layout == HistoryLayout.Interactions ? new UserOrder() : null, cancellationToken);

    /// <summary>Streams the users in file order; <paramref name="order"/>, when given, holds the users of earlier files too.</summary>
    internal IAsyncEnumerable<UserHistory> ReadAsync(UserOrder? order, CancellationToken cancellationToken) => Layout == HistoryLayout.UserLists
        ? new ParquetHistorySource(FilePath, _options.Columns).ReadAsync(Report, new BadRowHandler(FilePath, _options.BadRows, Report), order, cancellationToken)
        : GroupByUserAsync(order ?? new UserOrder(), cancellationToken);

    private async IAsyncEnumerable<UserHistory> GroupByUserAsync(UserOrder order, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var current = new List<InteractionRecord>();
        long interaction = 0;
        await foreach (var record in _interactions!.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            interaction++;
            if (current.Count > 0 && current[0].UserId != record.UserId)
            {
                order.Finish(current[0].UserId, FilePath);
                yield return Close(current);
                current.Clear();
            }

            if (current.Count == 0)
            {
                order.Start(record.UserId, FilePath, $"interaction {interaction}", HistoryLayout.Interactions);
            }

            current.Add(record);
        }

        if (current.Count > 0)
        {
            order.Finish(current[0].UserId, FilePath);
            yield return Close(current);
        }
    }

    private static UserHistory Close(List<InteractionRecord> records)
    {
        var ordered = records.Any(r => r.Timestamp is not null) ? records.OrderBy(r => r.Timestamp ?? long.MinValue) : (IEnumerable<InteractionRecord>)records;
        return new UserHistory(records[0].UserId, [.. ordered.Select(r => r.ItemId)]);
    }
}
