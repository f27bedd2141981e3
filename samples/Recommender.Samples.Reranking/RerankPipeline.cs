using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Recommender.MLNet;

namespace Recommender.Samples.Reranking;

/// <summary>The saved ML.NET pipeline, loaded once, and the pool of prediction engines over it.</summary>
public sealed class RerankPipeline : IDisposable
{
    private readonly ObjectPool<PredictionEngine<RerankRow, RerankScore>> _engines;
    private readonly SemaphoreSlim _borrowers;

    /// <summary>Loads the pipeline saved at <paramref name="path"/> (<c>mlContext.Model.Save</c>).</summary>
    public RerankPipeline(string path)
    {
        var context = new MLContext(seed: 0);
        context.ComponentCatalog.RegisterRecommender();
        var pipeline = context.Model.Load(path, out _);
        var engines = 2 * Environment.ProcessorCount;
        // A pool of disposable objects disposes those it cannot keep, and disposing one engine over a pipeline with an
        // ONNX stage while others still run was seen to crash the process; so never more borrowers than engines kept.
        _borrowers = new SemaphoreSlim(engines, engines);
        _engines = new DefaultObjectPoolProvider { MaximumRetained = engines }.Create(new PredictionEnginePolicy(context, pipeline));
    }

    /// <summary>Scores every row with an engine borrowed from the pool for the whole list.</summary>
    public async Task<RerankScore[]> ScoreAsync(IReadOnlyList<RerankRow> rows, CancellationToken cancellationToken = default)
    {
        await _borrowers.WaitAsync(cancellationToken).ConfigureAwait(false);
        var engine = _engines.Get();
        try
        {
            return [.. rows.Select(row => engine.Predict(row))];
        }
        finally
        {
            _engines.Return(engine);
            _borrowers.Release();
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        (_engines as IDisposable)?.Dispose();
        _borrowers.Dispose();
    }
}
