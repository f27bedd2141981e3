using Recommender.Bundles;
using Recommender.Data;
using Recommender.Scoring;

namespace Recommender.MLNet.PerCandidate;

/// <summary>
/// Scores every item of a bundle for one history and finds a candidate's column, for rows that each hold one
/// candidate. Thread-safe: the session is, and the lookups are read-only after construction.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification =
    "A scorer lives as long as the pipeline text it was decoded from (EmbeddedBundle's weak table), which no code can observe ending; ONNX Runtime's sessions release their native memory when collected.")]
internal sealed class CandidateScorer
{
    private readonly RecommenderSession _session;
    private readonly IdMap _items;
    private readonly Lazy<Dictionary<long, int>> _int64Index;

    public CandidateScorer(ModelBundle bundle)
    {
        _session = new RecommenderSession(bundle);
        _items = bundle.Items;
        Columns = _items.Count + 1;
        _int64Index = new(() => ItemIdLookup.Int64(bundle.Items, bundle.Source).ToDictionary(p => p.Key, p => (int)p.Value));
    }

    /// <summary>Columns of a score row: padding plus every item.</summary>
    public int Columns { get; }

    /// <summary>The column of <paramref name="id"/>, or 0 when the model does not know it.</summary>
    public int Index(ReadOnlySpan<char> id) => _items.TryGetIndex(id, out var index) ? index : 0;

    /// <inheritdoc cref="Index(ReadOnlySpan{char})"/>
    public int Index(long id) => _int64Index.Value.TryGetValue(id, out var index) ? index : 0;

    /// <summary>
    /// Scores every item for the history of known item columns <paramref name="history"/> (oldest first) into
    /// <paramref name="scores"/>, as <see cref="RecommenderSession.Score"/> scores them: an empty history gets the
    /// training popularity.
    /// </summary>
    public void ScoreAll(int[] history, float[] scores) => _session.ScoreEveryItem(history).CopyTo(scores, 0);
}
