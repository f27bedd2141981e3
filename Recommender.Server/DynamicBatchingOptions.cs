namespace Recommender.Server;

/// <summary>
/// Dynamic batching: concurrent single-user recommend and score requests are queued and answered together by one
/// graph run, so a busy server gets the batched methods' throughput instead of one run per request.
/// </summary>
public sealed class DynamicBatchingOptions
{
    /// <summary>Whether requests are batched; off, each request runs the graph on its own. Default <see cref="RecommenderServerOptions.Defaults.BatchingEnabled"/>.</summary>
    public bool Enabled { get; set; } = RecommenderServerOptions.Defaults.BatchingEnabled;

    /// <summary>
    /// How long a batch waits for more requests after its first; zero takes only what is already queued. Default
    /// <see cref="RecommenderServerOptions.Defaults.BatchWindow"/>.
    /// </summary>
    public TimeSpan Window { get; set; } = RecommenderServerOptions.Defaults.BatchWindow;

    /// <summary>The most requests answered by one graph run. Default <see cref="RecommenderServerOptions.Defaults.MaxBatchSize"/>.</summary>
    public int MaxBatchSize { get; set; } = RecommenderServerOptions.Defaults.MaxBatchSize;

    /// <summary>Batches run at once; 0 for one per core. Default <see cref="RecommenderServerOptions.Defaults.BatchWorkers"/>.</summary>
    public int Workers { get; set; } = RecommenderServerOptions.Defaults.BatchWorkers;

    internal int WorkerCount => Workers == 0 ? Environment.ProcessorCount : Workers;

    internal void Validate()
    {
        if (Window < TimeSpan.Zero || MaxBatchSize < 1 || Workers < 0)
        {
            throw new InvalidOperationException($"{RecommenderServerOptions.SectionName}:Batching: Window must not be negative, MaxBatchSize at least 1 and Workers 0 or more; got {Window}, {MaxBatchSize}, {Workers}.");
        }
    }
}
