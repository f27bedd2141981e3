using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Recommender.Server;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Server;

/// <summary>The options come from the configuration section <c>Recommender</c> (appsettings.json, environment variables), code on top.</summary>
[Collection(ServerTests.Name)]
public sealed class ConfigurationTests(ServerBundles bundles) : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Limits_admin_key_batching_and_session_options_are_read_from_configuration()
    {
        await using var server = await RunningServer.StartAsync(ServerBundles.Place(_directory, bundles.WithoutText), settings: new Dictionary<string, string?>
        {
            ["Recommender:MaxK"] = "5",
            ["Recommender:AdminApiKey"] = "from-config",
            ["Recommender:Batching:Enabled"] = "false",
            ["Recommender:Session:BatchSize"] = "4",
        });

        using var tooMany = await server.PostAsync("recommend", new { history = Ids.Of("1"), k = 6 });
        using var reload = new HttpRequestMessage(HttpMethod.Post, "admin/reload");
        reload.Headers.Add("X-Api-Key", "from-config");
        using var reloaded = await server.Client.SendAsync(reload);
        var info = await RunningServer.JsonAsync(reloaded);

        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("from 1 to 5", (await RunningServer.JsonAsync(tooMany)).GetProperty("errors").GetProperty("k")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, reloaded.StatusCode);
        Assert.False(info.GetProperty("dynamicBatching").GetBoolean());
        Assert.Equal(4, server.App.Services.GetRequiredService<IOptions<RecommenderServerOptions>>().Value.Session.BatchSize);
    }

    [Fact]
    public async Task The_top_k_search_is_read_from_configuration_and_its_index_kept_beside_the_bundle()
    {
        var path = ServerBundles.Place(_directory, bundles.WithoutText);
        await using var server = await RunningServer.StartAsync(path, settings: new Dictionary<string, string?>
        {
            ["Recommender:Session:TopKSearch"] = "Auto",
            ["Recommender:Session:Approximate:MinItems"] = "1",
            ["Recommender:Session:Approximate:Precision"] = "Half",
        });

        using var answer = await server.PostAsync("recommend", new { history = Ids.Of("1", "2"), k = 3 });
        var info = await RunningServer.JsonAsync(await server.Client.GetAsync("model"));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(3, (await RunningServer.JsonAsync(answer)).GetProperty("items").GetArrayLength());
        Assert.Equal("Approximate", info.GetProperty("topKSearch").GetString());
        Assert.EndsWith("-f16.hnsw", Assert.Single(Directory.EnumerateFiles(_directory.Path, "model.recbundle.*.hnsw")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reload_reads_only_the_configured_path_whatever_the_request_says()
    {
        var path = ServerBundles.Place(_directory, bundles.WithoutText);
        var elsewhere = _directory.File("other.recbundle");
        File.WriteAllBytes(elsewhere, bundles.WithText);
        await using var server = await RunningServer.StartAsync(path, o => o.AdminApiKey = "k");
        var before = (await RunningServer.JsonAsync(await server.Client.GetAsync("model"))).GetProperty("version").GetString();

        using var reload = new HttpRequestMessage(HttpMethod.Post, $"admin/reload?path={Uri.EscapeDataString(elsewhere)}")
        {
            Content = new StringContent($$"""{"bundlePath":"{{elsewhere.Replace("\\", "\\\\", StringComparison.Ordinal)}}"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        reload.Headers.Add("X-Api-Key", "k");
        using var response = await server.Client.SendAsync(reload);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before, (await RunningServer.JsonAsync(response)).GetProperty("version").GetString());
        Assert.Equal("model.recbundle", (await RunningServer.JsonAsync(response)).GetProperty("source").GetString());
    }
}
