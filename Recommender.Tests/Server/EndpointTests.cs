using System.Net;
using System.Net.Http.Json;
using Recommender.Scoring;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Server;

/// <summary>Every endpoint over real HTTP, answering as the session does.</summary>
[Collection(ServerTests.Name)]
public sealed class EndpointTests(ServerBundles bundles) : IAsyncLifetime, IDisposable
{
    private const string Key = "test-admin-key";
    private readonly TempDirectory _directory = new();
    private RunningServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await RunningServer.StartAsync(ServerBundles.Place(_directory, bundles.WithText), o => o.AdminApiKey = Key, prefix: "/recommender");

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Recommend_answers_as_the_session_does_with_the_model_version_in_a_header()
    {
        using var session = new RecommenderSession(bundles.Bundle);
        var expected = session.Recommend(["3", "4", "5"], k: 3);

        using var response = await _server.PostAsync("recommend", new { history = Ids.Of("3", "4", "5"), k = 3 });
        var body = await RunningServer.JsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var version = Assert.Single(response.Headers.GetValues("X-Model-Version"));
        Assert.Equal(version, body.GetProperty("modelVersion").GetString());
        Assert.Equal(expected.Select(r => r.ItemId), body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()));
        Assert.Equal("6", expected[0].ItemId);
        Assert.Equal(expected[0].Score, body.GetProperty("items")[0].GetProperty("score").GetSingle(), 4);
        Assert.False(body.GetProperty("fromPopularity").GetBoolean());
    }

    [Fact]
    public async Task Recommend_excludes_seen_items_by_default_and_respects_allow_and_deny_lists()
    {
        var seen = await ItemIds(await _server.PostAsync("recommend", new { history = Ids.Of("5", "6"), k = 12, excludeSeen = false }));
        var unseen = await ItemIds(await _server.PostAsync("recommend", new { history = Ids.Of("5", "6"), k = 12 }));
        var allowed = await ItemIds(await _server.PostAsync("recommend", new { history = Ids.Of("5", "6"), k = 5, allow = Ids.Of("1", "2", "9"), deny = Ids.Of("2") }));

        Assert.Contains("5", seen);
        Assert.DoesNotContain("5", unseen);
        Assert.DoesNotContain("6", unseen);
        Assert.Equal(["1", "9"], allowed.Order());
    }

    [Fact]
    public async Task A_history_of_unknown_items_gets_the_popular_items_and_says_so()
    {
        using var response = await _server.PostAsync("recommend", new { history = Ids.Of("no-such-item"), k = 2 });
        var body = await RunningServer.JsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(body.GetProperty("fromPopularity").GetBoolean());
        Assert.Equal(1, body.GetProperty("unknownItems").GetInt32());
        Assert.Equal(2, body.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Recommend_batch_answers_each_user_as_a_single_request_would()
    {
        var users = new object[]
        {
            new { history = Ids.Of("1", "2"), k = 2 },
            new { history = Ids.Of("7"), k = 4, excludeSeen = false },
            new { history = Ids.Of("3", "4"), k = 3, deny = Ids.Of("5") },
        };

        using var response = await _server.PostAsync("recommend/batch", new { users });
        var body = await RunningServer.JsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = body.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(3, results.Count);
        for (var i = 0; i < users.Length; i++)
        {
            var single = await ItemIds(await _server.PostAsync("recommend", users[i]));
            Assert.Equal(single, results[i].GetProperty("items").EnumerateArray().Select(r => r.GetProperty("itemId").GetString()!));
        }

        Assert.DoesNotContain("5", results[2].GetProperty("items").EnumerateArray().Select(r => r.GetProperty("itemId").GetString()));
    }

    [Fact]
    public async Task Score_and_its_batch_form_give_the_session_scores_and_null_for_unknown_candidates()
    {
        using var session = new RecommenderSession(bundles.Bundle);
        var expected = session.Score(["3", "4"], ["5", "9"]);

        using var single = await _server.PostAsync("score", new { history = Ids.Of("3", "4"), candidates = Ids.Of("5", "unknown", "9") });
        using var batch = await _server.PostAsync("score/batch", new { users = new[] { new { history = Ids.Of("3", "4"), candidates = Ids.Of("5", "unknown", "9") } } });
        var scores = (await RunningServer.JsonAsync(single)).GetProperty("scores");
        var batchScores = (await RunningServer.JsonAsync(batch)).GetProperty("results")[0].GetProperty("scores");

        Assert.Equal(HttpStatusCode.OK, single.StatusCode);
        Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
        Assert.Equal(expected[0], scores[0].GetSingle(), 4);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, scores[1].ValueKind);
        Assert.Equal(expected[1], scores[2].GetSingle(), 4);
        Assert.Equal(expected[1], batchScores[2].GetSingle(), 4);
    }

    [Fact]
    public async Task Model_information_health_and_the_OpenAPI_document_answer()
    {
        var info = await RunningServer.JsonAsync(await _server.Client.GetAsync("model"));
        using var live = await _server.Client.GetAsync("health/live");
        using var ready = await _server.Client.GetAsync("health/ready");
        var openApi = await _server.Client.GetStringAsync("openapi/recommender.json");

        Assert.Equal(CyclicData.Items, info.GetProperty("itemCount").GetInt32());
        Assert.Equal("model.recbundle", info.GetProperty("source").GetString());
        Assert.Equal(12, info.GetProperty("version").GetString()!.Length);
        Assert.True(info.GetProperty("manifest").GetProperty("model").GetProperty("useText").GetBoolean());
        Assert.True(info.GetProperty("loadedAt").GetDateTimeOffset() <= DateTimeOffset.UtcNow);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(info.GetProperty("version").GetString(), (await RunningServer.JsonAsync(ready)).GetProperty("modelVersion").GetString());
        foreach (var path in Ids.Of("/recommend", "/recommend/batch", "/score", "/score/batch", "/model", "/health/live", "/health/ready", "/admin/reload", "/admin/items"))
        {
            Assert.Contains($"\"/recommender{path}\"", openApi, StringComparison.Ordinal);
        }

        Assert.Contains("\"RecommendRequest\"", openApi, StringComparison.Ordinal);
        Assert.Contains("\"RecommendResponse\"", openApi, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Added_items_become_recommendable_with_the_admin_key()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "admin/items")
        {
            Content = JsonContent.Create(new { items = new[] { new { id = "new-7", title = "Episode 7 of the cycle", genres = "Odd" } } }),
        };
        request.Headers.Add("X-Api-Key", Key);

        using var response = await _server.Client.SendAsync(request);
        var body = await RunningServer.JsonAsync(response);
        var scores = (await RunningServer.JsonAsync(await _server.PostAsync("score", new { history = Ids.Of("5", "6"), candidates = Ids.Of("new-7") }))).GetProperty("scores");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, body.GetProperty("added").GetInt32());
        Assert.Equal(CyclicData.Items + 1, body.GetProperty("itemCount").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Number, scores[0].ValueKind);
        Assert.Equal(1, (await RunningServer.JsonAsync(await _server.Client.GetAsync("model"))).GetProperty("addedItems").GetInt32());
    }

    [Fact]
    public async Task Admin_reload_with_the_key_loads_the_bundle_again()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "admin/reload");
        request.Headers.Add("X-Api-Key", Key);

        using var response = await _server.Client.SendAsync(request);
        var body = await RunningServer.JsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, body.GetProperty("swaps").GetInt32());
    }

    private static async Task<List<string>> ItemIds(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await RunningServer.JsonAsync(response);
            return [.. body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()!)];
        }
    }
}
