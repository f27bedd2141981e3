using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace Recommender.MLNet;

/// <summary>
/// Takes the score out of the one-element vector ONNX scoring gives, because ranking evaluation and prediction
/// classes need a scalar Single. Stateless, so a saved pipeline needs only the contract name to rebuild it.
/// </summary>
[CustomMappingFactoryAttribute(ContractName)]
internal sealed class ScalarScoreMapping : CustomMappingFactory<ScalarScoreMapping.ScoreVector, ScalarScoreMapping.ScalarScore>
{
    /// <summary>The name saved pipelines refer to this mapping by.</summary>
    public const string ContractName = "Recommender.ScalarScore";

    /// <inheritdoc />
    public override Action<ScoreVector, ScalarScore> GetMapping() => Map;

    internal static void Map(ScoreVector input, ScalarScore output) => output.Score = input.Scores[0];

    /// <summary>The mapping's input row: the one-element score vector.</summary>
    internal sealed class ScoreVector
    {
        /// <summary>The score, as the only element.</summary>
        [ColumnName(StageColumns.Scores)]
        [VectorType(1)]
        public float[] Scores { get; set; } = [];
    }

    /// <summary>The mapping's output row: the score as a scalar.</summary>
    internal sealed class ScalarScore
    {
        /// <summary>The score.</summary>
        [ColumnName(StageColumns.ScalarScore)]
        public float Score { get; set; }
    }
}
