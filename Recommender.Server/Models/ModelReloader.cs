using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recommender.Server.Diagnostics;

namespace Recommender.Server.Models;

/// <summary>
/// Loads the configured bundle off the request path and swaps it in when it validates. One load at a time; a bundle
/// that fails to load or validate is refused and logged, and the current model keeps serving.
/// </summary>
internal sealed class ModelReloader : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ModelStore _store;
    private readonly RecommenderServerOptions _options;
    private readonly ServerMetrics _metrics;
    private readonly ILogger<ModelReloader> _logger;
    private readonly TimeProvider _time;

    public ModelReloader(ModelStore store, IOptions<RecommenderServerOptions> options, ServerMetrics metrics, ILogger<ModelReloader> logger, TimeProvider time)
    {
        _store = store;
        _options = options.Value;
        _metrics = metrics;
        _logger = logger;
        _time = time;
    }

    /// <summary>Bundles refused since start.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    private long _refused;

    /// <summary>Loads the bundle at the configured path and swaps it in; never throws for a bad bundle (see <see cref="ReloadOutcome"/>).</summary>
    public async Task<ReloadOutcome> ReloadAsync(string reason, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var path = _options.BundlePath;
            LoadedModel next;
            try
            {
                next = await Task.Run(() => ModelLoader.Load(path, _options.Session, _time), cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Whatever a broken bundle throws, the model serving now must keep serving.
            catch (Exception error) when (error is not OperationCanceledException)
#pragma warning restore CA1031
            {
                Interlocked.Increment(ref _refused);
                _metrics.Load(loaded: false);
                var current = _store.Current;
                if (current is null)
                {
                    throw;
                }

                ServerLog.ModelRefused(_logger, error, Path.GetFileName(path), reason, current.Version);
                return new ReloadOutcome(false, current.Version, error.Message);
            }

            _store.Swap(next);
            _metrics.Load(loaded: true);
            ServerLog.ModelLoaded(_logger, next.Version, next.Source, next.Session.ItemCount, reason);
            foreach (var note in new[] { next.Session.FallbackMessage, next.Session.IndexMessage }.OfType<string>())
            {
                ServerLog.SessionNote(_logger, next.Version, note);
            }
            return new ReloadOutcome(true, next.Version, null);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
