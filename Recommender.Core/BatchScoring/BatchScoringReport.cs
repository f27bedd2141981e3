using Recommender.Data;

namespace Recommender.BatchScoring;

/// <summary>What a batch scoring run did with its input.</summary>
/// <param name="UsersRead">Users read from the input.</param>
/// <param name="UsersScored">Users of this shard, scored and written.</param>
/// <param name="UsersInOtherShards">Users left to the other shards.</param>
/// <param name="UsersWithoutKnownItems">Scored users whose history held no item the model knows: they got the popularity ranking.</param>
/// <param name="UnknownItems">History items the model does not know, skipped.</param>
/// <param name="HistoriesTruncated">Histories longer than the model reads: their latest items were read (earlier ones still count as seen).</param>
/// <param name="RowsWritten">Output rows (user, rank, item, score).</param>
/// <param name="Elapsed">Wall-clock time of the run.</param>
/// <param name="Input">Rows read and skipped by the input reader.</param>
public sealed record BatchScoringReport(long UsersRead, long UsersScored, long UsersInOtherShards, long UsersWithoutKnownItems, long UnknownItems,
    long HistoriesTruncated, long RowsWritten, TimeSpan Elapsed, ReadReport Input);
