using System.Diagnostics;
using Recommender.IO;
using Recommender.Scoring;

namespace Recommender.BatchScoring;

/// <summary>
/// Scores every user of a histories file or folder with a <see cref="RecommenderSession"/> and writes their top-K as Parquet,
/// one row per (user, rank), in input order: <c>user_id</c> (string), <c>rank</c> (int32, 1 = best), <c>item_id</c>
/// (string), <c>score</c> (float). Streams: one batch of users is in memory at a time. The output appears only once complete: a failed or killed run leaves no
/// partial file.
/// </summary>
public static class BatchScorer
{
    /// <summary>Scores the users of <paramref name="input"/> (of <see cref="BatchScoringOptions.Shard"/>) into <paramref name="outputPath"/>.</summary>
    /// <param name="session">The session to score with; its policies apply (unknown items skipped, latest items read, popularity for no known item).</param>
    /// <param name="input">The histories.</param>
    /// <param name="outputPath">The Parquet file to write.</param>
    /// <param name="options">Top-K, seen items, shard and batch size; null for the defaults.</param>
    /// <param name="progress">Told the number of users read after each batch.</param>
    /// <param name="cancellationToken">Checked between rows; a cancelled run writes nothing.</param>
    /// <exception cref="Data.DataFormatException">The input has a malformed row (and the read policy is to fail) or is not grouped by user.</exception>
    public static Task<BatchScoringReport> ScoreAsync(RecommenderSession session, HistorySource input, string outputPath, BatchScoringOptions? options = null,
        IProgress<long>? progress = null, CancellationToken cancellationToken = default) =>
        ScoreAsync(session, input, outputPath, options, progress, started: null, cancellationToken);

    /// <summary>As the public overload; <paramref name="started"/> is called once the temporary output file exists, before the first user is read.</summary>
    internal static async Task<BatchScoringReport> ScoreAsync(RecommenderSession session, HistorySource input, string outputPath, BatchScoringOptions? options,
        IProgress<long>? progress, Action? started, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(outputPath);
        options ??= new BatchScoringOptions();
        options.Validate();
        var watch = Stopwatch.StartNew();
        var before = session.Counters;
        long read = 0, scored = 0, otherShards = 0, rows = 0;
        await AtomicFile.WriteAsync(outputPath, async (stream, ct) =>
        {
            started?.Invoke();
            var output = await RecommendationFile.CreateAsync(stream, ct).ConfigureAwait(false);
            await using (output.ConfigureAwait(false))
            {
                var batch = new List<UserHistory>(options.BatchSize);
                await foreach (var user in input.ReadAsync(ct).ConfigureAwait(false))
                {
                    read++;
                    if (!options.Shard.Contains(user.UserId))
                    {
                        otherShards++;
                        continue;
                    }

                    batch.Add(user);
                    if (batch.Count == options.BatchSize)
                    {
                        rows += await WriteAsync(batch).ConfigureAwait(false);
                        progress?.Report(read);
                    }
                }

                rows += await WriteAsync(batch).ConfigureAwait(false);
                progress?.Report(read);
            }

            async Task<int> WriteAsync(List<UserHistory> users)
            {
                if (users.Count == 0)
                {
                    return 0;
                }

                var recommendations = session.RecommendBatch([.. users.Select(u => u.Items)], options.TopK, options.ExcludeSeen);
                var written = await output.WriteAsync([.. users.Select(u => u.UserId)], recommendations, ct).ConfigureAwait(false);
                scored += users.Count;
                users.Clear();
                return written;
            }
        }, cancellationToken).ConfigureAwait(false);

        var after = session.Counters;
        return new BatchScoringReport(read, scored, otherShards, after.EmptyHistories - before.EmptyHistories, after.UnknownItemsSkipped - before.UnknownItemsSkipped,
            after.HistoriesTruncated - before.HistoriesTruncated, rows, watch.Elapsed, input.Report);
    }
}
