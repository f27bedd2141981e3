using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace Recommender.MLNet.PerCandidate;

/// <summary>
/// The per-candidate score for String item ids: each row's history is scored once for the whole catalog and the
/// scores are kept while the rows that follow have the same history, so a row costs a lookup. Saved pipelines refer
/// to it by <see cref="ContractName"/>.
/// </summary>
/// <remarks>
/// A stateless mapping with a per-thread memory rather than ML.NET's stateful mapping, whose per-cursor state would fit
/// better: the stateful mapping fails every cursor that does not ask for its output (ranking evaluation and LightGBM
/// open such cursors), while the memory is checked against each row's history, so sharing it never changes a score.
/// </remarks>
[CustomMappingFactoryAttribute(ContractName)]
internal sealed class TextCandidateScoreMapping : CustomMappingFactory<TextCandidateScoreMapping.Row, CandidateScore>
{
    public const string ContractName = "Recommender.CandidateScore.Text";

    /// <inheritdoc />
    public override Action<Row, CandidateScore> GetMapping() => Map;

    internal static void Map(Row row, CandidateScore output)
    {
        var state = HistoryScores.OfThisThread;
        var scorer = state.Scorer(row.Bundle);
        var column = scorer.Index(row.Candidate.Span);
        output.Score = column == 0 ? float.NegativeInfinity : state.For(scorer, row.History)[column];
    }

    /// <summary>What the mapping reads of a row.</summary>
    internal sealed class Row
    {
        [ColumnName(StageColumns.History)]
        public VBuffer<ReadOnlyMemory<char>> History { get; set; }

        [ColumnName(StageColumns.Candidate)]
        public ReadOnlyMemory<char> Candidate { get; set; }

        [ColumnName(StageColumns.Bundle)]
        public ReadOnlyMemory<char> Bundle { get; set; }
    }
}

/// <summary>The per-candidate score for Int64 item ids; see <see cref="TextCandidateScoreMapping"/>.</summary>
[CustomMappingFactoryAttribute(ContractName)]
internal sealed class Int64CandidateScoreMapping : CustomMappingFactory<Int64CandidateScoreMapping.Row, CandidateScore>
{
    public const string ContractName = "Recommender.CandidateScore.Int64";

    /// <inheritdoc />
    public override Action<Row, CandidateScore> GetMapping() => Map;

    internal static void Map(Row row, CandidateScore output)
    {
        var state = HistoryScores.OfThisThread;
        var scorer = state.Scorer(row.Bundle);
        var column = scorer.Index(row.Candidate);
        output.Score = column == 0 ? float.NegativeInfinity : state.For(scorer, row.History)[column];
    }

    /// <summary>What the mapping reads of a row.</summary>
    internal sealed class Row
    {
        [ColumnName(StageColumns.History)]
        public VBuffer<long> History { get; set; }

        [ColumnName(StageColumns.Candidate)]
        public long Candidate { get; set; }

        [ColumnName(StageColumns.Bundle)]
        public ReadOnlyMemory<char> Bundle { get; set; }
    }
}

/// <summary>The score the per-candidate mappings add.</summary>
internal sealed class CandidateScore
{
    [ColumnName(StageColumns.ScalarScore)]
    public float Score { get; set; }
}
