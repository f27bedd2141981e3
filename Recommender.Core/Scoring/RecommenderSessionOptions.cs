using Microsoft.ML.OnnxRuntime;

namespace Recommender.Scoring;

/// <summary>How a <see cref="RecommenderSession"/> runs its graphs.</summary>
public sealed record RecommenderSessionOptions
{
    /// <summary>Where the graphs run. Default <see cref="ExecutionProvider.Cpu"/>.</summary>
    public ExecutionProvider ExecutionProvider { get; init; } = ExecutionProvider.Cpu;

    /// <summary>The GPU used with <see cref="ExecutionProvider.Cuda"/>. Default 0.</summary>
    public int CudaDeviceId { get; init; }

    /// <summary>Threads one graph run may use; 0 lets ONNX Runtime choose (one per physical core). Default 0.</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>ONNX Runtime's graph optimisations (operator fusion, constant folding). Default all.</summary>
    public GraphOptimizationLevel OptimizationLevel { get; init; } = GraphOptimizationLevel.ORT_ENABLE_ALL;

    /// <summary>
    /// Histories scored per graph run by the batched methods. Default 32: on the CPU, larger batches of length-200
    /// histories leave the caches and score fewer users per second (benchmarks/RESULTS.md).
    /// </summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>
    /// Batches the batched methods run at once, each on its own thread. Default 1. On a CPU, as many batches as
    /// cores with <see cref="IntraOpThreads"/> = 1 keeps every core on a whole graph run instead of splitting each
    /// small operator across cores (benchmarks/RESULTS.md). With more than one, a filter passed to
    /// <see cref="RecommenderSession.RecommendBatch"/> is called from several threads at once.
    /// </summary>
    public int ConcurrentBatches { get; init; } = 1;

    /// <summary>
    /// How the best items are found: <see cref="Scoring.TopKSearch.Auto"/> (the default) scores every item below
    /// <see cref="ApproximateTopKOptions.MinItems"/> and searches an HNSW index of the items from there on.
    /// </summary>
    public TopKSearch TopKSearch { get; init; } = TopKSearch.Auto;

    /// <summary>The approximate search's index and depth. Default: <see cref="ApproximateTopKOptions"/>'s defaults.</summary>
    public ApproximateTopKOptions Approximate { get; init; } = new();

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Approximate, nameof(Approximate));
        Approximate.Validate();
        if (IntraOpThreads < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(IntraOpThreads), IntraOpThreads, "IntraOpThreads must be 0 (automatic) or positive.");
        }

        if (BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be at least 1.");
        }

        if (ConcurrentBatches < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ConcurrentBatches), ConcurrentBatches, "ConcurrentBatches must be at least 1.");
        }

        if (CudaDeviceId < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(CudaDeviceId), CudaDeviceId, "CudaDeviceId must be 0 or more.");
        }
    }
}
