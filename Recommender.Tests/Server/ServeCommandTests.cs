using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Recommender.Cli;
using Recommender.Tests.TestSupport;
using Spectre.Console;

namespace Recommender.Tests.Server;

/// <summary><c>recommender serve</c>: the same server stand-alone, stopped by cancellation (Ctrl+C).</summary>
[Collection(ServerTests.Name)]
public sealed class ServeCommandTests(ServerBundles bundles) : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Serve_answers_over_HTTP_until_canceled_and_then_exits_0()
    {
        var path = ServerBundles.Place(_directory, bundles.WithoutText);
        var port = FreePort();
        using var output = new StringWriter();
        using var stop = new CancellationTokenSource();
        var run = CliApp.RunAsync(["serve", "--model", path, "--urls", $"http://127.0.0.1:{port}", "--batching", "off"], Console(output), stop.Token);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

        await ReadyAsync(client, () => run.IsCompleted, () => output.ToString());
        using var response = await client.PostAsJsonAsync("recommend", new { history = Ids.Of("1", "2"), k = 4 });
        var info = await RunningServer.JsonAsync(await client.GetAsync("model"));
        await stop.CancelAsync();
        var exitCode = await run;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(4, (await RunningServer.JsonAsync(response)).GetProperty("items").GetArrayLength());
        Assert.False(info.GetProperty("dynamicBatching").GetBoolean());
        Assert.Equal(0, exitCode);
        Assert.Contains($"serving model.recbundle on http://127.0.0.1:{port}", output.ToString().ReplaceLineEndings(""), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Configuration_sets_what_no_flag_gives_and_a_flag_given_overrides_it()
    {
        var path = ServerBundles.Place(_directory, bundles.WithoutText);
        var configuration = new Dictionary<string, string>
        {
            ["Recommender__Batching__Enabled"] = "false",
            ["Recommender__Session__TopKSearch"] = "Auto",
            ["Recommender__Session__Approximate__MinItems"] = "1",
            ["Recommender__Session__Approximate__Precision"] = "Half",
        };

        var (fromConfiguration, configuredOutput) = await ModelInfoOfServeAsync(configuration, "--model", path);
        var configuredIndex = Assert.Single(Directory.EnumerateFiles(_directory.Path, "*.hnsw"));
        var (fromFlags, flaggedOutput) = await ModelInfoOfServeAsync(configuration, "--model", path, "--batching", "on", "--top-k-search", "exact");

        Assert.False(fromConfiguration.GetProperty("dynamicBatching").GetBoolean(), configuredOutput);
        Assert.Equal("Approximate", fromConfiguration.GetProperty("topKSearch").GetString());
        Assert.EndsWith("-f16.hnsw", configuredIndex, StringComparison.Ordinal);
        Assert.Contains("(dynamic batching off)", configuredOutput, StringComparison.Ordinal);
        Assert.True(fromFlags.GetProperty("dynamicBatching").GetBoolean(), flaggedOutput);
        Assert.Equal("Exact", fromFlags.GetProperty("topKSearch").GetString());
    }

    [Fact]
    public async Task Serve_without_a_bundle_exits_4_and_a_broken_bundle_too()
    {
        var broken = ServerBundles.Place(_directory, [.. bundles.WithoutText.Take(100)]);
        using var output = new StringWriter();

        var missing = await CliApp.RunAsync(["serve", "--model", _directory.File("none.recbundle")], Console(output));
        var damaged = await CliApp.RunAsync(["serve", "--model", broken, "--urls", $"http://127.0.0.1:{FreePort()}"], Console(output));

        Assert.Equal(4, missing);
        Assert.Equal(4, damaged);
    }

    /// <summary>Runs <c>recommender serve</c> as its own process with <paramref name="environment"/>, reads <c>GET /model</c> and stops it.</summary>
    private static async Task<(System.Text.Json.JsonElement Info, string Output)> ModelInfoOfServeAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var port = FreePort();
        using var process = CliProcess.Start(environment, ["serve", .. args, "--urls", $"http://127.0.0.1:{port}"]);
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.Append(e.Data).Append(' '); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.Append(e.Data).Append(' '); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        try
        {
            await ReadyAsync(client, () => process.HasExited, () => { lock (output) { return output.ToString(); } });
            var info = await RunningServer.JsonAsync(await client.GetAsync("model"));
            lock (output)
            {
                // The console wraps lines at 80 columns.
                return (info, System.Text.RegularExpressions.Regex.Replace(output.ToString(), @"\s+", " "));
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Waits until the server answers ready, failing at once with what it printed if it ends first.</summary>
    private static Task ReadyAsync(HttpClient client, Func<bool> ended, Func<string> output) =>
        RunningServer.EventuallyAsync(async () =>
        {
            Assert.False(ended(), $"serve ended early: {output()}");
            try
            {
                using var ready = await client.GetAsync("health/ready");
                return ready.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, "serve to be ready");

    private static IAnsiConsole Console(StringWriter writer) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = AnsiSupport.No,
        ColorSystem = ColorSystemSupport.NoColors,
        Interactive = InteractionSupport.No,
        Out = new AnsiConsoleOutput(writer),
    });

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
