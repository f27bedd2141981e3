using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Recommender.Data.Readers;
using Recommender.IO;
using Recommender.Scoring;

namespace Recommender.BatchScoring;

/// <summary>
/// The folder the n shards of one batch scoring run write into, each from its own process or machine (as the pods of
/// a Kubernetes Indexed Job): shard i of n writes <c>part-i-of-n.parquet</c>, atomically, and the shard that finds all
/// n parts there when it is done writes <c>_SUCCESS</c>, one line per part: its file name, a tab and its row count.
/// A reader that waits for <c>_SUCCESS</c> reads a whole run: a shard run again removes <c>_SUCCESS</c> before it
/// writes and writes it again when done, and parts of a run with another shard count are refused, never mixed in.
/// </summary>
public static partial class RecommendationFolder
{
    /// <summary>The marker written once every part of the run is in the folder.</summary>
    public const string SuccessFileName = "_SUCCESS";

    /// <summary>The file name of <paramref name="shard"/>'s part: <c>part-i-of-n.parquet</c>.</summary>
    public static string PartFileName(Shard shard) => string.Create(CultureInfo.InvariantCulture, $"part-{shard.Number}-of-{shard.Count}.parquet");

    /// <summary>Checks that <paramref name="folder"/> holds no part of a run split into another number of shards than <paramref name="shard"/>'s.</summary>
    /// <exception cref="ArgumentException">The folder holds such a part, or <paramref name="folder"/> is a file.</exception>
    public static void Check(string folder, Shard shard)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (File.Exists(folder))
        {
            throw new ArgumentException($"'{folder}' is a file; shards write their parts into a folder.", nameof(folder));
        }

        if (!Directory.Exists(folder))
        {
            return;
        }

        var other = Directory.EnumerateFiles(folder, "part-*-of-*.parquet").Select(Path.GetFileName).OfType<string>()
            .Select(name => (Name: name, Match: PartName().Match(name)))
            .Where(p => p.Match.Success && p.Match.Groups["count"].Value != shard.Count.ToString(CultureInfo.InvariantCulture))
            .Select(p => p.Name).Order(StringComparer.Ordinal).FirstOrDefault();
        if (other is not null)
        {
            throw new ArgumentException(
                $"'{folder}' holds {other}, a part of a run split into another number of shards than {shard.Count} (this shard is {shard}); parts of different runs are never mixed. "
                + "Write into an empty folder, or remove the parts of the other run first.", nameof(folder));
        }
    }

    /// <summary>
    /// Scores <see cref="BatchScoringOptions.Shard"/> of the users of <paramref name="input"/> into its part of
    /// <paramref name="folder"/>, replacing the part a previous run of the same shard wrote, and writes
    /// <see cref="SuccessFileName"/> if all parts of the run are then there.
    /// </summary>
    /// <param name="session">The session to score with.</param>
    /// <param name="input">The histories.</param>
    /// <param name="folder">The folder of the run's parts; created if missing.</param>
    /// <param name="options">Top-K, seen items, shard and batch size; null for the defaults.</param>
    /// <param name="progress">Told the number of users read after each batch.</param>
    /// <param name="cancellationToken">Checked between rows; a cancelled run leaves the part as it was.</param>
    /// <exception cref="ArgumentException">The folder holds a part of a run with another shard count.</exception>
    /// <exception cref="Data.DataFormatException">The input has a malformed row (and the read policy is to fail) or is not grouped by user.</exception>
    public static async Task<FolderScoringReport> ScoreAsync(RecommenderSession session, HistorySource input, string folder, BatchScoringOptions? options = null,
        IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(folder);
        options ??= new BatchScoringOptions();
        Check(folder, options.Shard);
        var part = Path.Combine(folder, PartFileName(options.Shard));
        var success = Path.Combine(folder, SuccessFileName);

        // Removed only once this part's temporary file exists, so a shard finishing meanwhile sees this one at work and leaves _SUCCESS alone.
        var scoring = await BatchScorer.ScoreAsync(session, input, part, options, progress, () => File.Delete(success), cancellationToken).ConfigureAwait(false);
        var parts = PartPaths(folder, options.Shard.Count);
        var missing = Enumerable.Range(1, parts.Length).Where(i => !File.Exists(parts[i - 1])).ToArray();
        var complete = missing.Length == 0 && await TryCompleteAsync(folder, options.Shard, cancellationToken).ConfigureAwait(false);
        return new FolderScoringReport(scoring, part, missing, complete);
    }

    /// <summary>Writes <see cref="SuccessFileName"/> unless a shard is writing its part again; it writes the marker when it is done.</summary>
    private static async Task<bool> TryCompleteAsync(string folder, Shard shard, CancellationToken cancellationToken)
    {
        Check(folder, shard);
        var parts = PartPaths(folder, shard.Count);
        if (parts.Any(AtomicFile.IsBeingWritten))
        {
            return false;
        }

        // Two last shards finishing at once both write this; the content depends only on the parts, so either write is right.
        var listing = new StringBuilder();
        foreach (var part in parts)
        {
            var reader = await ParquetFiles.OpenAsync(part, cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                listing.Append(CultureInfo.InvariantCulture, $"{Path.GetFileName(part)}\t{reader.Metadata!.NumRows}\n");
            }
        }

        var success = Path.Combine(folder, SuccessFileName);
        var bytes = Encoding.UTF8.GetBytes(listing.ToString());
        await AtomicFile.WriteAsync(success, (stream, ct) => stream.WriteAsync(bytes, ct).AsTask(), cancellationToken).ConfigureAwait(false);

        // A shard that started again between the check and the write removed no marker yet; take it back, and that shard writes it when done.
        if (parts.Any(AtomicFile.IsBeingWritten))
        {
            File.Delete(success);
            return false;
        }

        return true;
    }

    /// <summary>The paths of the <paramref name="count"/> parts of a run, part 1 first.</summary>
    private static string[] PartPaths(string folder, int count) =>
        [.. Enumerable.Range(1, count).Select(i => Path.Combine(folder, PartFileName(new Shard(i, count))))];

    [GeneratedRegex(@"^part-(?<number>[0-9]+)-of-(?<count>[0-9]+)\.parquet$", RegexOptions.CultureInvariant)]
    private static partial Regex PartName();
}
