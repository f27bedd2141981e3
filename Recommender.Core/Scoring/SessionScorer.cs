using System.Numerics.Tensors;
using Recommender.Data;
using Recommender.Evaluation;

namespace Recommender.Scoring;

/// <summary>
/// Lets <see cref="FullRankingEvaluator"/> rank the whole catalog with a <see cref="RecommenderSession"/>: histories
/// and score columns are in the dataset's item indices, translated through item ids to the model's.
/// </summary>
internal sealed class SessionScorer : IRecommenderScorer
{
    private readonly RecommenderSession _session;
    private readonly int[] _toModel;
    private readonly float[] _popularity;

    public SessionScorer(RecommenderSession session, IdMap items)
    {
        _session = session;
        _toModel = new int[items.Count + 1];
        var popularity = session.Bundle.Popularity();
        _popularity = new float[items.Count + 1];
        for (var i = 1; i <= items.Count; i++)
        {
            var id = items.GetId(i);
            _toModel[i] = session.Bundle.Items.TryGetIndex(id, out var index) ? index : 0;
            _popularity[i] = _toModel[i] == 0 ? float.NegativeInfinity : popularity[_toModel[i]];
        }

        _popularity[0] = float.NegativeInfinity;
    }

    public int ItemCount => _toModel.Length - 1;

    public void Score(IReadOnlyList<ReadOnlyMemory<int>> histories, Span<float> scores)
    {
        var max = _session.Bundle.Manifest.Model.MaxHistory;
        var mapped = histories.Select(h => Map(h.Span, max)).ToArray();
        var known = Enumerable.Range(0, mapped.Length).Where(b => mapped[b].Length > 0).ToArray();
        var users = known.Length > 0 ? _session.UserVectors([.. known.Select(b => mapped[b])]) : [];
        var table = _session.OutputTable;
        var dim = _session.Bundle.Manifest.Model.Dim;
        var columns = ItemCount + 1;
        for (var b = 0; b < mapped.Length; b++)
        {
            _popularity.CopyTo(scores.Slice(b * columns, columns));
        }

        for (var u = 0; u < known.Length; u++)
        {
            var user = users.AsSpan(u * dim, dim);
            var row = scores.Slice(known[u] * columns, columns);
            for (var item = 1; item < columns; item++)
            {
                var index = _toModel[item];
                row[item] = index == 0 ? float.NegativeInfinity : TensorPrimitives.Dot(user, table.AsSpan(index * dim, dim));
            }
        }
    }

    private int[] Map(ReadOnlySpan<int> history, int max)
    {
        var mapped = new List<int>(history.Length);
        foreach (var item in history)
        {
            if (_toModel[item] != 0)
            {
                mapped.Add(_toModel[item]);
            }
        }

        return mapped.Count > max ? [.. mapped[^max..]] : [.. mapped];
    }
}
