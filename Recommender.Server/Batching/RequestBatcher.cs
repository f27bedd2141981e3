using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recommender.Scoring;
using Recommender.Server.Diagnostics;
using Recommender.Server.Models;

namespace Recommender.Server.Batching;

/// <summary>
/// Dynamic batching. Single-user requests go into a queue; each worker takes what is queued (waiting at most the
/// window after the first request for more, up to the batch size) and answers it with the session's batched methods,
/// one call per run of similar history length (<see cref="LengthGroups"/>). With batching off, requests call the session directly on their own threads.
/// </summary>
internal sealed class RequestBatcher : IHostedService
{
    private readonly Channel<PendingRequest> _queue = Channel.CreateUnbounded<PendingRequest>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
    private readonly DynamicBatchingOptions _options;
    private readonly ServerMetrics _metrics;
    private readonly ILogger<RequestBatcher> _logger;
    private Task[] _workers = [];

    public RequestBatcher(IOptions<RecommenderServerOptions> options, ServerMetrics metrics, ILogger<RequestBatcher> logger)
    {
        _options = options.Value.Batching;
        _metrics = metrics;
        _logger = logger;
    }

    public bool Enabled => _options.Enabled;

    public Task<IReadOnlyList<Recommendation>> RecommendAsync(LoadedModel model, string[] history, int k, bool excludeSeen, CancellationToken cancellationToken)
    {
        if (!_options.Enabled)
        {
            return Task.FromResult(model.Session.Recommend(history, k, excludeSeen));
        }

        var pending = new PendingRecommend(model, history, k, excludeSeen);
        return _queue.Writer.TryWrite(pending)
            ? pending.Result.Task.WaitAsync(cancellationToken)
            : Task.FromResult(model.Session.Recommend(history, k, excludeSeen));
    }

    public Task<float[]> ScoreAsync(LoadedModel model, string[] history, string[] candidates, CancellationToken cancellationToken)
    {
        if (!_options.Enabled)
        {
            return Task.FromResult(model.Session.Score(history, candidates));
        }

        var pending = new PendingScore(model, history, candidates);
        return _queue.Writer.TryWrite(pending)
            ? pending.Result.Task.WaitAsync(cancellationToken)
            : Task.FromResult(model.Session.Score(history, candidates));
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.Enabled)
        {
            _workers = [.. Enumerable.Range(0, _options.WorkerCount).Select(_ => Task.Run(WorkAsync, CancellationToken.None))];
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// The queue closes before the web server stops accepting requests (hosted services stop in reverse order), so a
    /// request that finds it closed is answered on its own thread instead of failing.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_workers).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task WorkAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<PendingRequest>(_options.MaxBatchSize);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            var started = Stopwatch.GetTimestamp();
            while (batch.Count < _options.MaxBatchSize)
            {
                if (reader.TryRead(out var next))
                {
                    batch.Add(next);
                    continue;
                }

                var remaining = _options.Window - Stopwatch.GetElapsedTime(started);
                if (batch.Count == 0 || remaining <= TimeSpan.Zero || !await MoreArrivesAsync(reader, remaining).ConfigureAwait(false))
                {
                    break;
                }
            }

            if (batch.Count > 0)
            {
                Run(batch);
            }
        }
    }

    private static async Task<bool> MoreArrivesAsync(ChannelReader<PendingRequest> reader, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            return await reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void Run(List<PendingRequest> batch)
    {
        foreach (var group in batch.OfType<PendingRecommend>().GroupBy(p => (p.Model, p.K, p.ExcludeSeen)))
        {
            var (model, k, excludeSeen) = group.Key;
            foreach (var requests in LengthGroups.Split([.. group], r => r.History.Length, model.Session.Bundle.Manifest.Model.MaxHistory))
            {
                Answer(requests, "recommend", () =>
                {
                    var results = model.Session.RecommendBatch([.. requests.Select(r => (IEnumerable<string>)r.History)], k, excludeSeen);
                    for (var i = 0; i < requests.Length; i++)
                    {
                        requests[i].Result.TrySetResult(results[i]);
                    }
                });
            }
        }

        foreach (var group in batch.OfType<PendingScore>().GroupBy(p => p.Model))
        {
            foreach (var requests in LengthGroups.Split([.. group], r => r.History.Length, group.Key.Session.Bundle.Manifest.Model.MaxHistory))
            {
                Answer(requests, "score", () =>
                {
                    var results = group.Key.Session.ScoreBatch([.. requests.Select(r => (IEnumerable<string>)r.History)], [.. requests.Select(r => (IReadOnlyList<string>)r.Candidates)]);
                    for (var i = 0; i < requests.Length; i++)
                    {
                        requests[i].Result.TrySetResult(results[i]);
                    }
                });
            }
        }
    }

    private void Answer(PendingRequest[] requests, string operation, Action run)
    {
        _metrics.Batch(operation, requests.Length);
        try
        {
            run();
        }
#pragma warning disable CA1031 // A failed run must fail its own requests, not the worker that serves everyone else.
        catch (Exception error)
#pragma warning restore CA1031
        {
            ServerLog.BatchFailed(_logger, error, requests.Length);
            foreach (var request in requests)
            {
                request.Fail(error);
            }
        }
    }
}
