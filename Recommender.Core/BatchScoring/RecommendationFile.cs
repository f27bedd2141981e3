using Parquet;
using Parquet.Schema;
using Recommender.Scoring;

namespace Recommender.BatchScoring;

/// <summary>
/// The output of batch scoring: Parquet, one row per (user, rank), one row group per batch of users.
/// Columns: <c>user_id</c> (string), <c>rank</c> (int32, 1 = best), <c>item_id</c> (string), <c>score</c> (float).
/// </summary>
internal sealed class RecommendationFile : IAsyncDisposable
{
    public static readonly DataField<string> UserId = new("user_id");
    public static readonly DataField<int> Rank = new("rank");
    public static readonly DataField<string> ItemId = new("item_id");
    public static readonly DataField<float> Score = new("score");

    private readonly ParquetWriter _writer;

    private RecommendationFile(ParquetWriter writer) => _writer = writer;

    public static async Task<RecommendationFile> CreateAsync(Stream stream, CancellationToken cancellationToken) =>
        new(await ParquetWriter.CreateAsync(new ParquetSchema(UserId, Rank, ItemId, Score), stream, cancellationToken: cancellationToken).ConfigureAwait(false));

    /// <returns>The rows written.</returns>
    public async Task<int> WriteAsync(IReadOnlyList<string> users, IReadOnlyList<IReadOnlyList<Recommendation>> recommendations, CancellationToken cancellationToken)
    {
        var rows = recommendations.Sum(r => r.Count);
        var userIds = new string[rows];
        var ranks = new int[rows];
        var itemIds = new string[rows];
        var scores = new float[rows];
        var row = 0;
        for (var u = 0; u < users.Count; u++)
        {
            for (var r = 0; r < recommendations[u].Count; r++, row++)
            {
                userIds[row] = users[u];
                ranks[row] = r + 1;
                itemIds[row] = recommendations[u][r].ItemId;
                scores[row] = recommendations[u][r].Score;
            }
        }

        using var rowGroup = _writer.CreateRowGroup();
        await rowGroup.WriteAsync(UserId, userIds).ConfigureAwait(false);
        await rowGroup.WriteAsync<int>(Rank, ranks, null, null, cancellationToken).ConfigureAwait(false);
        await rowGroup.WriteAsync(ItemId, itemIds).ConfigureAwait(false);
        await rowGroup.WriteAsync<float>(Score, scores, null, null, cancellationToken).ConfigureAwait(false);
        return rows;
    }

    public ValueTask DisposeAsync() => _writer.DisposeAsync();
}
