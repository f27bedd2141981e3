using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;

namespace Recommender.Samples.Reranking;

/// <summary>
/// Prediction engines are not thread-safe and costly to create, so requests borrow one from a pool: created on
/// demand from the loaded pipeline, returned after each prediction, at most the pool's limit kept.
/// </summary>
internal sealed class PredictionEnginePolicy(MLContext context, ITransformer pipeline) : PooledObjectPolicy<PredictionEngine<RerankRow, RerankScore>>
{
    public override PredictionEngine<RerankRow, RerankScore> Create() => context.Model.CreatePredictionEngine<RerankRow, RerankScore>(pipeline);

    public override bool Return(PredictionEngine<RerankRow, RerankScore> obj) => true;
}
