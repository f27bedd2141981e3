using System.Diagnostics.Metrics;

namespace Recommender.Server.Diagnostics;

/// <summary>
/// The server's instruments on the meter <see cref="MeterName"/> (OpenTelemetry: <c>AddMeter("Recommender.Server")</c>):
/// requests by endpoint and status, their durations, the sizes of dynamic batches, and model loads by outcome.
/// </summary>
internal sealed class ServerMetrics
{
    public const string MeterName = "Recommender.Server";

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Histogram<int> _batchSize;
    private readonly Counter<long> _loads;

    public ServerMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _requests = meter.CreateCounter<long>("recommender.requests", "{request}", "Requests answered, by endpoint and HTTP status.");
        _duration = meter.CreateHistogram<double>("recommender.request.duration", "s", "Time from a request's start to its answer, by endpoint.");
        _batchSize = meter.CreateHistogram<int>("recommender.batch.size", "{request}", "Requests answered by one graph run of dynamic batching, by operation.");
        _loads = meter.CreateCounter<long>("recommender.model.loads", "{load}", "Bundles loaded, by outcome (loaded or refused).");
    }

    public void Request(string endpoint, int status, TimeSpan elapsed)
    {
        var endpointTag = new KeyValuePair<string, object?>("endpoint", endpoint);
        _requests.Add(1, endpointTag, new KeyValuePair<string, object?>("status", status));
        _duration.Record(elapsed.TotalSeconds, endpointTag);
    }

    public void Batch(string operation, int size) => _batchSize.Record(size, new KeyValuePair<string, object?>("operation", operation));

    public void Load(bool loaded) => _loads.Add(1, new KeyValuePair<string, object?>("outcome", loaded ? "loaded" : "refused"));
}
