using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recommender.Server.Diagnostics;

namespace Recommender.Server.Models;

/// <summary>
/// Loads the bundle when the app starts (the app does not start with a broken one), then watches its path: a bundle
/// written or renamed there is loaded once the file has been quiet for <see cref="RecommenderServerOptions.ReloadDebounce"/>.
/// </summary>
internal sealed class BundleWatcher : IHostedService, IDisposable
{
    private readonly ModelReloader _reloader;
    private readonly RecommenderServerOptions _options;
    private readonly ILogger<BundleWatcher> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private FileSystemWatcher? _watcher;
    private Timer? _debounce;

    public BundleWatcher(ModelReloader reloader, IOptions<RecommenderServerOptions> options, ILogger<BundleWatcher> logger)
    {
        _reloader = reloader;
        _options = options.Value;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _reloader.ReloadAsync("start", cancellationToken).ConfigureAwait(false);
        if (!_options.WatchBundle)
        {
            return;
        }

        var path = Path.GetFullPath(_options.BundlePath);
        _debounce = new Timer(_ => _ = ReloadAsync(), null, Timeout.Infinite, Timeout.Infinite);
        _watcher = new FileSystemWatcher(Path.GetDirectoryName(path)!, Path.GetFileName(path))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        _watcher.Changed += (_, _) => Touched();
        _watcher.Created += (_, _) => Touched();
        _watcher.Renamed += (_, e) =>
        {
            if (string.Equals(e.FullPath, path, StringComparison.Ordinal))
            {
                Touched();
            }
        };
        _watcher.EnableRaisingEvents = true;
        ServerLog.Watching(_logger, path);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        if (_watcher is not null)
        {
            _watcher.EnableRaisingEvents = false;
        }

        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _debounce?.Dispose();
        _stopping.Dispose();
    }

    /// <summary>Every event restarts the wait, so a file still being copied is read only after its last write.</summary>
    private void Touched() => _debounce?.Change(_options.ReloadDebounce, Timeout.InfiniteTimeSpan);

    private async Task ReloadAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        try
        {
            await _reloader.ReloadAsync("the bundle file changed", _stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the app is going away with the model it has.
        }
    }
}
