using Microsoft.ML;
using Microsoft.ML.Data;

namespace Recommender.MLNet;

/// <summary>
/// The fitted recommender stage: adds the score column (see <see cref="RecommenderScoringEstimator"/>). Saved with
/// <c>mlContext.Model.Save</c>, it is written as the chain of ML.NET transforms it is made of, so it loads back as
/// that chain wherever this assembly is registered, without training code.
/// </summary>
public sealed class RecommenderScoringTransformer : ITransformer
{
    private readonly ITransformer _stages;

    internal RecommenderScoringTransformer(ITransformer stages) => _stages = stages;

    /// <inheritdoc />
    public bool IsRowToRowMapper => _stages.IsRowToRowMapper;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => _stages.GetOutputSchema(inputSchema);

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => _stages.GetRowToRowMapper(inputSchema);

    /// <inheritdoc />
    public IDataView Transform(IDataView input) => _stages.Transform(input);

    /// <inheritdoc />
    void ICanSaveModel.Save(ModelSaveContext ctx) => _stages.Save(ctx);
}
