using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Recommender.Server.Diagnostics;
using Recommender.Server.Models;

namespace Recommender.Server.Endpoints;

/// <summary>
/// What every model endpoint does around its own work: holds a lease on the current model for the whole request (a
/// swap meanwhile does not touch it), names the model in the <c>X-Model-Version</c> header, bounds the wait by the
/// request timeout and records the request's count and duration.
/// </summary>
internal sealed class RequestRunner
{
    public const string VersionHeader = "X-Model-Version";

    private readonly ModelStore _store;
    private readonly ServerMetrics _metrics;

    public RequestRunner(ModelStore store, ServerMetrics metrics, IOptions<RecommenderServerOptions> options)
    {
        _store = store;
        _metrics = metrics;
        Options = options.Value;
    }

    public RecommenderServerOptions Options { get; }

    public async Task<IResult> RunAsync(HttpContext context, string endpoint, Func<LoadedModel, CancellationToken, Task<IResult>> handle)
    {
        var started = Stopwatch.GetTimestamp();
        IResult result;
        using (var lease = _store.TryAcquire())
        {
            if (lease is null)
            {
                result = Problems.Status(StatusCodes.Status503ServiceUnavailable, "No model loaded.", "The model is still loading; retry shortly.");
            }
            else
            {
                context.Response.Headers[VersionHeader] = lease.Model.Version;
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
                timeout.CancelAfter(Options.RequestTimeout);
                try
                {
                    result = await handle(lease.Model, timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (timeout.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
                {
                    result = Problems.Status(StatusCodes.Status503ServiceUnavailable, "Request timed out.",
                        $"No answer within the request timeout ({Options.RequestTimeout.TotalMilliseconds:N0} ms); the server is busy, retry later.");
                }
            }
        }

        _metrics.Request(endpoint, (result as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK, Stopwatch.GetElapsedTime(started));
        return result;
    }
}
