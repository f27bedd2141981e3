using Recommender.Data;
using Recommender.Evaluation;

namespace Recommender.Scoring;

/// <summary>
/// Lets <see cref="FullRankingEvaluator"/> rank the whole catalog with a <see cref="RecommenderSession"/>: histories
/// and score columns are in the dataset's item indices, translated through item ids to the session's (items added
/// to the session count as known). Scores come from the top-K graph, so evaluation ranks exactly as recommending does.
/// </summary>
internal sealed class SessionScorer : IRecommenderScorer
{
    private readonly RecommenderSession _session;
    private readonly ItemTables _tables;
    private readonly int[] _toModel;
    private readonly float[] _popularity;

    public SessionScorer(RecommenderSession session, ItemTables tables, IdMap items)
    {
        _session = session;
        _tables = tables;
        _toModel = new int[items.Count + 1];
        _popularity = new float[items.Count + 1];
        _popularity[0] = float.NegativeInfinity;
        for (var i = 1; i <= items.Count; i++)
        {
            _toModel[i] = tables.TryGetIndex(items.GetId(i), out var index) ? index : 0;
            _popularity[i] = _toModel[i] == 0 ? float.NegativeInfinity : tables.Popularity(_toModel[i]);
        }
    }

    public int ItemCount => _toModel.Length - 1;

    public void Score(IReadOnlyList<ReadOnlyMemory<int>> histories, Span<float> scores)
    {
        var mapped = histories.Select(h => _session.Window(Map(h.Span))).ToArray();
        var known = Enumerable.Range(0, mapped.Length).Where(b => mapped[b].Length > 0).ToArray();
        var modelScores = known.Length > 0 ? _session.AllScores([.. known.Select(b => mapped[b])], _tables) : [];
        var rows = _tables.Rows;
        var columns = ItemCount + 1;
        for (var b = 0; b < mapped.Length; b++)
        {
            _popularity.CopyTo(scores.Slice(b * columns, columns));
        }

        for (var u = 0; u < known.Length; u++)
        {
            var user = modelScores.AsSpan(u * rows, rows);
            var row = scores.Slice(known[u] * columns, columns);
            for (var item = 1; item < columns; item++)
            {
                var index = _toModel[item];
                row[item] = index == 0 ? float.NegativeInfinity : user[index];
            }
        }
    }

    /// <summary>The history in the session's indices, items it does not know left out.</summary>
    private int[] Map(ReadOnlySpan<int> history)
    {
        var mapped = new List<int>(history.Length);
        foreach (var item in history)
        {
            if (_toModel[item] != 0)
            {
                mapped.Add(_toModel[item]);
            }
        }

        return [.. mapped];
    }
}
