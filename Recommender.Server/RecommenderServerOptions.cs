using Recommender.Scoring;

namespace Recommender.Server;

/// <summary>
/// How the recommender is served: which bundle, the request limits, the admin key and dynamic batching. Bound from the
/// configuration section <see cref="SectionName"/> by <see cref="RecommenderServiceCollectionExtensions.AddRecommender"/>;
/// every default is in <see cref="Defaults"/>.
/// </summary>
public sealed class RecommenderServerOptions
{
    /// <summary>The configuration section the options are read from: <c>Recommender</c>.</summary>
    public const string SectionName = "Recommender";

    /// <summary>The model bundle (<c>*.recbundle</c>) served. Required. Only this path is ever read: nothing a request says reaches the filesystem.</summary>
    public string BundlePath { get; set; } = "";

    /// <summary>Whether a new bundle written to <see cref="BundlePath"/> is loaded and swapped in. Default <see cref="Defaults.WatchBundle"/>.</summary>
    public bool WatchBundle { get; set; } = Defaults.WatchBundle;

    /// <summary>
    /// How long the bundle file must stay unchanged before it is loaded, so a copy in progress is not read half-written.
    /// Default <see cref="Defaults.ReloadDebounce"/>.
    /// </summary>
    public TimeSpan ReloadDebounce { get; set; } = Defaults.ReloadDebounce;

    /// <summary>The largest request body accepted, in bytes; larger requests get 413. Default <see cref="Defaults.MaxRequestBodyBytes"/>.</summary>
    public long MaxRequestBodyBytes { get; set; } = Defaults.MaxRequestBodyBytes;

    /// <summary>The largest <c>k</c> a request may ask for. Default <see cref="Defaults.MaxK"/>.</summary>
    public int MaxK { get; set; } = Defaults.MaxK;

    /// <summary>
    /// The most item ids one history may hold. Histories longer than the model reads are accepted and keep their latest
    /// items, as <see cref="RecommenderSession"/> does; this only bounds the work a request can cause. Default
    /// <see cref="Defaults.MaxHistoryLength"/>.
    /// </summary>
    public int MaxHistoryLength { get; set; } = Defaults.MaxHistoryLength;

    /// <summary>The most candidates one score request may hold, and the most ids an allow or deny list may hold. Default <see cref="Defaults.MaxCandidates"/>.</summary>
    public int MaxCandidates { get; set; } = Defaults.MaxCandidates;

    /// <summary>The most users one batch request may hold. Default <see cref="Defaults.MaxBatchRequestUsers"/>.</summary>
    public int MaxBatchRequestUsers { get; set; } = Defaults.MaxBatchRequestUsers;

    /// <summary>The most items one add-items request may hold. Default <see cref="Defaults.MaxAddedItems"/>.</summary>
    public int MaxAddedItems { get; set; } = Defaults.MaxAddedItems;

    /// <summary>How long a request may wait for its answer before it gets 503. Default <see cref="Defaults.RequestTimeout"/>.</summary>
    public TimeSpan RequestTimeout { get; set; } = Defaults.RequestTimeout;

    /// <summary>
    /// The key admin requests (reload, add items) must send in the <c>X-Api-Key</c> header. Null or empty (the
    /// default) turns the admin endpoints off: they answer 404.
    /// </summary>
    public string? AdminApiKey { get; set; }

    /// <summary>Dynamic batching of concurrent single-user requests into one graph run.</summary>
    public DynamicBatchingOptions Batching { get; set; } = new();

    /// <summary>
    /// How sessions run their graphs. Default: one thread per graph run (<see cref="RecommenderSessionOptions.IntraOpThreads"/> = 1),
    /// so concurrent requests and batches each keep one core busy instead of splitting small operators across cores.
    /// </summary>
    public RecommenderSessionOptions Session { get; set; } = new() { IntraOpThreads = 1 };

    /// <summary>Whether <c>MapRecommender</c> also maps the OpenAPI document at <c>{prefix}/openapi/recommender.json</c>. Default true.</summary>
    public bool MapOpenApi { get; set; } = true;

    /// <summary>The defaults of <see cref="RecommenderServerOptions"/>.</summary>
    public static class Defaults
    {
        /// <summary>Watch the bundle path for new bundles: true.</summary>
        public const bool WatchBundle = true;

        /// <summary>Wait 500 ms after the last change of the bundle file before loading it.</summary>
        public static readonly TimeSpan ReloadDebounce = TimeSpan.FromMilliseconds(500);

        /// <summary>1 MiB of request body at most.</summary>
        public const long MaxRequestBodyBytes = 1 << 20;

        /// <summary>k up to 1,000.</summary>
        public const int MaxK = 1000;

        /// <summary>10,000 item ids in a history at most.</summary>
        public const int MaxHistoryLength = 10_000;

        /// <summary>10,000 candidates (or allow/deny ids) at most.</summary>
        public const int MaxCandidates = 10_000;

        /// <summary>256 users in a batch request at most.</summary>
        public const int MaxBatchRequestUsers = 256;

        /// <summary>10,000 items in one add-items request at most.</summary>
        public const int MaxAddedItems = 10_000;

        /// <summary>A request waits 5 s at most for its answer.</summary>
        public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

        /// <summary>Dynamic batching on.</summary>
        public const bool BatchingEnabled = true;

        /// <summary>
        /// A batch takes what is queued when a worker is free and does not wait for more (0 ms): under load the queue
        /// fills while the workers run, and waiting only adds latency (benchmarks/RESULTS.md, "Serving over HTTP").
        /// </summary>
        public static readonly TimeSpan BatchWindow = TimeSpan.Zero;

        /// <summary>
        /// At most 8 requests in one graph run: a request waits for its whole run, so larger runs lengthen the tail
        /// latency more than they save per request on the CPU (benchmarks/RESULTS.md, "Serving over HTTP").
        /// </summary>
        public const int MaxBatchSize = 8;

        /// <summary>As many batches at once as the machine has cores (0 = <see cref="Environment.ProcessorCount"/>).</summary>
        public const int BatchWorkers = 0;
    }

    internal void Validate()
    {
        static void Positive(long value, string name)
        {
            if (value < 1)
            {
                throw new InvalidOperationException($"{SectionName}:{name} must be at least 1; got {value}.");
            }
        }

        if (string.IsNullOrWhiteSpace(BundlePath))
        {
            throw new InvalidOperationException($"{SectionName}:{nameof(BundlePath)} is required: the model bundle (*.recbundle) to serve.");
        }

        Positive(MaxRequestBodyBytes, nameof(MaxRequestBodyBytes));
        Positive(MaxK, nameof(MaxK));
        Positive(MaxHistoryLength, nameof(MaxHistoryLength));
        Positive(MaxCandidates, nameof(MaxCandidates));
        Positive(MaxBatchRequestUsers, nameof(MaxBatchRequestUsers));
        Positive(MaxAddedItems, nameof(MaxAddedItems));
        if (RequestTimeout <= TimeSpan.Zero || ReloadDebounce < TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{SectionName}:{nameof(RequestTimeout)} must be positive and {nameof(ReloadDebounce)} not negative.");
        }

        Batching.Validate();
    }
}
