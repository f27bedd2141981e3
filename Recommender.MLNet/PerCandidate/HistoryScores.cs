using System.Runtime.InteropServices;
using Microsoft.ML.Data;

namespace Recommender.MLNet.PerCandidate;

/// <summary>
/// One thread's memory of the last history it scored and the scores of every item for it. Rows grouped by user
/// (ML.NET's ranking layout) repeat a history row after row, so each history is encoded once per group rather than
/// once per candidate. Each thread has its own, so no lock is needed; a history is always compared with the one
/// remembered before its scores are reused, so cursors that take turns on one thread only cost more runs.
/// </summary>
internal sealed class HistoryScores
{
    [ThreadStatic]
    private static HistoryScores? t_ofThisThread;

    private readonly List<int> _known = [];
    private ReadOnlyMemory<char> _bundleText;
    private CandidateScorer? _scorer;
    private string[] _text = [];
    private ReadOnlyMemory<char>[] _textMemory = [];
    private long[] _int64 = [];
    private bool _hasText;
    private bool _hasInt64;
    private float[] _scores = [];

    /// <summary>The calling thread's memory.</summary>
    public static HistoryScores OfThisThread => t_ofThisThread ??= new HistoryScores();

    /// <summary>The scorer of the bundle the row carries: decoded (or found) when the cursor first sees it.</summary>
    public CandidateScorer Scorer(ReadOnlyMemory<char> bundle)
    {
        if (_scorer is null || !bundle.Equals(_bundleText))
        {
            _scorer = EmbeddedBundle.Scorer(bundle);
            _bundleText = bundle;
            _scores = new float[_scorer.Columns];
            _hasText = _hasInt64 = false;
        }

        return _scorer;
    }

    /// <summary>The scores of every item for <paramref name="history"/>, computed only when it differs from the last one.</summary>
    public float[] For(CandidateScorer scorer, VBuffer<ReadOnlyMemory<char>> history)
    {
        if (_hasText && Same(history.GetValues(), history.Length))
        {
            return _scores;
        }

        _text = new string[history.Length];
        _textMemory = new ReadOnlyMemory<char>[history.Length];
        _known.Clear();
        var i = 0;
        foreach (var id in history.DenseValues())
        {
            // Kept as given only when it lies over a string, which nothing can change: see Same.
            _textMemory[i] = MemoryMarshal.TryGetString(id, out _, out _, out _) ? id : default;
            _text[i++] = id.ToString();
            if (scorer.Index(id.Span) is var column and > 0)
            {
                _known.Add(column);
            }
        }

        scorer.ScoreAll([.. _known], _scores);
        _hasText = true;
        return _scores;
    }

    /// <inheritdoc cref="For(CandidateScorer, VBuffer{ReadOnlyMemory{char}})"/>
    public float[] For(CandidateScorer scorer, VBuffer<long> history)
    {
        if (_hasInt64 && history.IsDense && history.GetValues().SequenceEqual(_int64))
        {
            return _scores;
        }

        _int64 = [.. history.DenseValues()];
        _known.Clear();
        foreach (var id in _int64)
        {
            if (scorer.Index(id) is var column and > 0)
            {
                _known.Add(column);
            }
        }

        scorer.ScoreAll([.. _known], _scores);
        _hasInt64 = true;
        return _scores;
    }

    private bool Same(ReadOnlySpan<ReadOnlyMemory<char>> values, int length)
    {
        if (values.Length != length || length != _text.Length)
        {
            return false;
        }

        // Rows of one user usually hand over the very same strings: memory equal to remembered memory over a string is
        // that string at the same place, so the characters are equal without reading them. Anything else is compared.
        for (var i = 0; i < values.Length; i++)
        {
            if (!(!_textMemory[i].IsEmpty && values[i].Equals(_textMemory[i])) && !values[i].Span.SequenceEqual(_text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
