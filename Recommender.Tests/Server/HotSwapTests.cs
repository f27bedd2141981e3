using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Server;

/// <summary>A new bundle at the watched path (or an admin reload) is swapped in under load without a failed request; a broken one is refused.</summary>
[Collection(ServerTests.Name)]
public sealed class HotSwapTests(ServerBundles bundles) : IDisposable
{
    private const string Key = "swap-key";
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_bundle_written_to_the_watched_path_is_swapped_in_while_requests_keep_succeeding()
    {
        var path = ServerBundles.Place(_directory, bundles.WithoutText);
        await using var server = await RunningServer.StartAsync(path);
        var before = await Version(server);
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, 4).Select(_ => Hammer(server, stop.Token)).ToArray();

        ServerBundles.Replace(path, bundles.WithText);
        await RunningServer.EventuallyAsync(async () => await Version(server) != before, "the new bundle to be swapped in");
        ServerBundles.Replace(path, bundles.WithoutText);
        await RunningServer.EventuallyAsync(async () => await Version(server) == before, "the first bundle to be swapped back in");
        await Task.Delay(200);
        await stop.CancelAsync();
        var answers = await Task.WhenAll(load);

        Assert.All(answers, a => Assert.Equal(0, a.Failures));
        Assert.True(answers.Sum(a => a.Versions.Count) >= 2, "requests were answered by both models");
        var info = await RunningServer.JsonAsync(await server.Client.GetAsync("model"));
        Assert.Equal(2, info.GetProperty("swaps").GetInt32());
        Assert.Equal(2, server.Logs.Entries.Count(e => e.Message.Contains("the bundle file changed", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_broken_bundle_is_refused_and_logged_and_the_old_model_keeps_serving()
    {
        var path = ServerBundles.Place(_directory, bundles.WithoutText);
        await using var server = await RunningServer.StartAsync(path, o => o.AdminApiKey = Key);
        var before = await Version(server);

        File.WriteAllBytes(path, bundles.WithText[..(bundles.WithText.Length / 2)]);
        await RunningServer.EventuallyAsync(async () => (await RunningServer.JsonAsync(await server.Client.GetAsync("model"))).GetProperty("refusedBundles").GetInt32() >= 1,
            "the truncated bundle to be refused");
        using var reload = new HttpRequestMessage(HttpMethod.Post, "admin/reload");
        reload.Headers.Add("X-Api-Key", Key);
        using var refused = await server.Client.SendAsync(reload);
        using var ready = await server.Client.GetAsync("health/ready");
        using var answer = await server.PostAsync("recommend", new { history = Ids.Of("1", "2") });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains($"Model {before} keeps serving", (await RunningServer.JsonAsync(refused)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(before, Assert.Single(answer.Headers.GetValues("X-Model-Version")));
        Assert.Contains(server.Logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("refused", StringComparison.Ordinal) && e.Message.Contains(before, StringComparison.Ordinal));

        ServerBundles.Replace(path, bundles.WithText);
        await RunningServer.EventuallyAsync(async () => await Version(server) != before, "a good bundle after the broken one to be swapped in");
    }

    [Fact]
    public async Task The_app_does_not_start_on_a_broken_bundle()
    {
        var path = ServerBundles.Place(_directory, [.. bundles.WithoutText.Take(1000)]);

        await Assert.ThrowsAsync<Recommender.Bundles.BundleFormatException>(() => RunningServer.StartAsync(path));
    }

    private static async Task<string> Version(RunningServer server) =>
        (await RunningServer.JsonAsync(await server.Client.GetAsync("health/ready"))).GetProperty("modelVersion").GetString()!;

    private static async Task<(int Failures, HashSet<string> Versions)> Hammer(RunningServer server, CancellationToken stop)
    {
        var failures = 0;
        var versions = new HashSet<string>();
        while (!stop.IsCancellationRequested)
        {
            using var response = await server.Client.PostAsJsonAsync("recommend", new { history = Ids.Of("3", "4", "5"), k = 5 }, CancellationToken.None);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                failures++;
            }
            else
            {
                versions.Add(response.Headers.GetValues("X-Model-Version").Single());
            }
        }

        return (failures, versions);
    }
}
