using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Scoring;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Server;

/// <summary>Concurrent single-user requests share graph runs, answer exactly as one at a time would, and are measured.</summary>
[Collection(ServerTests.Name)]
public sealed class BatchingTests(ServerBundles bundles) : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Concurrent_requests_get_the_sessions_answers_batched_or_not(bool batching)
    {
        await using var server = await RunningServer.StartAsync(ServerBundles.Place(_directory, bundles.WithText), o =>
        {
            o.Batching.Enabled = batching;
            o.Batching.Window = TimeSpan.FromMilliseconds(20);
            o.Batching.MaxBatchSize = 16;
        });
        using var metrics = new Measurements(server);
        using var session = new RecommenderSession(bundles.Bundle);
        var histories = Enumerable.Range(0, 48).Select(i => Enumerable.Range(0, 1 + i % 7).Select(j => $"{(i + j) % CyclicData.Items + 1}").ToArray()).ToArray();

        var recommended = await Task.WhenAll(histories.Select(async (h, i) =>
            await RunningServer.JsonAsync(await server.PostAsync("recommend", new { history = h, k = 1 + i % 3 }))));
        var scored = await Task.WhenAll(histories.Select(async h =>
            await RunningServer.JsonAsync(await server.PostAsync("score", new { history = h, candidates = Ids.Of("1", "7", "12") }))));

        for (var i = 0; i < histories.Length; i++)
        {
            var expected = session.Recommend(histories[i], 1 + i % 3);
            Assert.Equal(expected.Select(r => r.ItemId), recommended[i].GetProperty("items").EnumerateArray().Select(r => r.GetProperty("itemId").GetString()));
            var scores = session.Score(histories[i], ["1", "7", "12"]);
            Assert.Equal(scores, scored[i].GetProperty("scores").EnumerateArray().Select(s => s.GetSingle()), (a, b) => Math.Abs(a - b) < 1e-4);
        }

        var batches = metrics.Of("recommender.batch.size");
        if (batching)
        {
            Assert.Equal(2 * histories.Length, batches.Sum(b => (long)b.Value));
            Assert.Contains(batches, b => b.Value > 1);
            Assert.All(batches, b => Assert.True(b.Value <= 16));
        }
        else
        {
            Assert.Empty(batches);
        }

        var requests = metrics.Of("recommender.requests");
        Assert.Equal(histories.Length, requests.Count(r => Equals(r.Tags["endpoint"], "recommend") && Equals(r.Tags["status"], 200)));
        Assert.Equal(2 * histories.Length, metrics.Of("recommender.request.duration").Count);
    }

    [Fact]
    public async Task Refusals_and_model_loads_are_counted_too()
    {
        await using var server = await RunningServer.StartAsync(ServerBundles.Place(_directory, bundles.WithoutText));
        using var metrics = new Measurements(server);

        using var response = await server.PostAsync("recommend", new { history = Ids.Of("1"), k = 0 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(metrics.Of("recommender.requests"), r => Equals(r.Tags["status"], 400));
    }

    /// <summary>What the server's own meter (the one its IMeterFactory made) records while the listener is on.</summary>
    private sealed class Measurements : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<(string Name, double Value, Dictionary<string, object?> Tags)> _seen = new();

        public Measurements(RunningServer server)
        {
            var factory = server.App.Services.GetRequiredService<IMeterFactory>();
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Recommender.Server" && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
            _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
            _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
            _listener.Start();
        }

        public List<(double Value, Dictionary<string, object?> Tags)> Of(string name) =>
            [.. _seen.Where(m => m.Name == name).Select(m => (m.Value, m.Tags))];

        public void Dispose() => _listener.Dispose();

        private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var copy = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value;
            }

            _seen.Enqueue((instrument.Name, value, copy));
        }
    }
}
