using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Recommender.Data;
using Recommender.LoadTest;

LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(LoadOptions.Usage);
    return 2;
}

var histories = await Histories(options);
if (options.DirectBundle is { } direct)
{
    DirectBaseline.Run(direct, histories, options.K, options.Duration);
    return 0;
}

var bodies = histories.Select(h => JsonSerializer.SerializeToUtf8Bytes(new { history = h, k = options.K })).ToArray();
using var handler = new SocketsHttpHandler
{
    MaxConnectionsPerServer = options.Connections,
    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    UseProxy = false,
    AutomaticDecompression = DecompressionMethods.None,
};
using var client = new HttpClient(handler) { BaseAddress = options.Url, Timeout = TimeSpan.FromSeconds(30) };
var swapsBefore = await Swaps(client);
Console.WriteLine($"{bodies.Length:N0} user histories (latest {options.HistoryLength} items), {options.Connections} connections, warm-up {options.Warmup.TotalSeconds} s, measured {options.Duration.TotalSeconds} s");

using var stop = new CancellationTokenSource();
var measuring = false;
var workers = Enumerable.Range(0, options.Connections).Select(w => Task.Run(() => Work(w))).ToArray();
var swapper = options.SwapPath is null ? Task.FromResult(0) : Swap(options, stop.Token);
await Task.Delay(options.Warmup);
var started = Stopwatch.GetTimestamp();
var cpu = new CpuClock(options.ServerPid);
Volatile.Write(ref measuring, true);
await Task.Delay(options.Duration);
Volatile.Write(ref measuring, false);
var elapsed = Stopwatch.GetElapsedTime(started);
var (serverCpu, clientCpu, machineCpu) = cpu.Read();
await stop.CancelAsync();
var results = await Task.WhenAll(workers);
var swapsWritten = await swapper;
var swapsAfter = await Swaps(client);

var latencies = results.SelectMany(r => r.Latencies).ToList();
var errors = results.Sum(r => r.Errors);
var stats = LatencyStats.From(latencies);
var rate = stats.Count / elapsed.TotalSeconds;
var seconds = elapsed.TotalSeconds;
Console.WriteLine("| run | connections | requests/s | p50 ms | p99 ms | p99.9 ms | max ms | errors | swaps | server CPU ms/request | cores used: server / client / others |");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"| {options.Label} | {options.Connections} | {rate:N0} | {stats.P50:F2} | {stats.P99:F2} | {stats.P999:F2} | {stats.Max:F1} | {errors} | {swapsAfter - swapsBefore} ({swapsWritten} written) | {1000 * serverCpu / stats.Count:F3} | {serverCpu / seconds:F2} / {clientCpu / seconds:F2} / {(machineCpu - serverCpu - clientCpu) / seconds:F2} |"));
foreach (var (kind, count) in results.SelectMany(r => r.ErrorKinds).GroupBy(e => e).Select(g => (g.Key, g.Count())))
{
    Console.WriteLine($"  error: {kind} x{count}");
}

return 0;

async Task<(List<long> Latencies, long Errors, List<string> ErrorKinds)> Work(int worker)
{
    var latencies = new List<long>(1 << 16);
    var errorKinds = new List<string>();
    long failures = 0;
    var next = worker * 7919 % bodies.Length;
    while (!stop.IsCancellationRequested)
    {
        var body = bodies[next];
        next = (next + 1) % bodies.Length;
        var measured = Volatile.Read(ref measuring);
        var begin = Stopwatch.GetTimestamp();
        try
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await client.PostAsync("recommend", content, CancellationToken.None);
            await response.Content.LoadIntoBufferAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                if (measured)
                {
                    failures++;
                    errorKinds.Add($"HTTP {(int)response.StatusCode}");
                }

                continue;
            }
        }
        catch (HttpRequestException e)
        {
            if (measured)
            {
                failures++;
                errorKinds.Add(e.Message);
            }

            continue;
        }

        if (measured && Volatile.Read(ref measuring))
        {
            latencies.Add(Stopwatch.GetTimestamp() - begin);
        }
    }

    return (latencies, failures, errorKinds);
}

static async Task<string[][]> Histories(LoadOptions options)
{
    var dataset = await DatasetLoader.LoadAsync(options.Data);
    var log = dataset.Interactions;
    var histories = new string[log.UserCount][];
    for (var user = 1; user <= log.UserCount; user++)
    {
        var items = log.GetItems(user).ToArray();
        histories[user - 1] = [.. items.Skip(Math.Max(0, items.Length - options.HistoryLength)).Select(log.Items.GetId)];
    }

    return histories;
}

static async Task<long> Swaps(HttpClient client)
{
    using var document = JsonDocument.Parse(await client.GetStringAsync("model"));
    return document.RootElement.GetProperty("swaps").GetInt64();
}

static async Task<int> Swap(LoadOptions options, CancellationToken stop)
{
    var written = 0;
    try
    {
        while (true)
        {
            await Task.Delay(options.SwapEvery, stop);
            var source = options.SwapBundles[written % options.SwapBundles.Length];
            var incoming = options.SwapPath + ".incoming";
            File.Copy(source, incoming, overwrite: true);
            File.Move(incoming, options.SwapPath!, overwrite: true);
            written++;
        }
    }
    catch (OperationCanceledException)
    {
        return written;
    }
}
