using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Server;

/// <summary>Every refusal is an RFC 9457 problem document (application/problem+json) naming the field and what was expected.</summary>
[Collection(ServerTests.Name)]
public sealed class ProblemTests(ServerBundles bundles) : IAsyncLifetime, IDisposable
{
    private const string Key = "s3cret";
    private readonly TempDirectory _directory = new();
    private RunningServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await RunningServer.StartAsync(ServerBundles.Place(_directory, bundles.WithoutText), o =>
        {
            o.AdminApiKey = Key;
            o.MaxK = 50;
            o.MaxHistoryLength = 20;
            o.MaxCandidates = 5;
            o.MaxBatchRequestUsers = 3;
            o.MaxRequestBodyBytes = 4096;
        });

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
    }

    public void Dispose() => _directory.Dispose();

    public static TheoryData<string, string, string, string> InvalidRequests => new()
    {
        { "recommend", """{"history":["1"],"k":0}""", "k", "from 1 to 50" },
        { "recommend", """{"history":["1"],"k":51}""", "k", "from 1 to 50" },
        { "recommend", """{"k":3}""", "history", "required" },
        { "recommend", """{"history":["1",""]}""", "history[1]", "non-empty item id" },
        { "recommend", """{"history":[BIG]}""", "history", "at most 20" },
        { "recommend", """{"history":["1"],"allow":["1","2","3","4","5","6"]}""", "allow", "at most 5" },
        { "recommend", """{"history":"1 2 3"}""", "$.history", "valid JSON" },
        { "recommend", """{"history":["1"],"k":"ten"}""", "$.k", "valid JSON" },
        { "recommend", """{"history":["1"]""", "$", "valid JSON" },
        { "recommend", "null", "$", "JSON object" },
        { "recommend/batch", """{}""", "users", "required" },
        { "recommend/batch", """{"users":[]}""", "users", "at least one" },
        { "recommend/batch", """{"users":[{"history":["1"]},{"history":["1"]},{"history":["1"]},{"history":["1"]}]}""", "users", "at most 3" },
        { "recommend/batch", """{"users":[{"history":["1"]},{"history":["1"],"k":-1}]}""", "users[1].k", "from 1 to 50" },
        { "score", """{"history":["1"]}""", "candidates", "required" },
        { "score", """{"history":["1"],"candidates":[]}""", "candidates", "at least one" },
        { "score/batch", """{"users":[{"history":["1"],"candidates":["2"]},{"candidates":["2"]}]}""", "users[1].history", "required" },
        { "score/batch", """{"users":[null]}""", "users[0]", "score request object" },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task An_invalid_request_gets_400_naming_the_field_and_what_was_expected(string path, string json, string field, string expected)
    {
        json = json.Replace("BIG", string.Join(',', Enumerable.Repeat("\"1\"", 21)), StringComparison.Ordinal);

        using var response = await _server.Client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        var problem = await Problem(response, HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"no error for '{field}' in {problem}");
        Assert.Contains(expected, messages[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_over_the_limit_gets_413_with_or_without_a_content_length()
    {
        var big = JsonSerializer.Serialize(new { history = Enumerable.Repeat("1234567890", 500) });
        using var sized = await _server.Client.PostAsync("recommend", new StringContent(big, Encoding.UTF8, "application/json"));
        using var chunked = await _server.Client.PostAsync("recommend", new ChunkedContent(big));

        Assert.Contains("4,096 bytes", (await Problem(sized, HttpStatusCode.RequestEntityTooLarge)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("body", (await Problem(chunked, HttpStatusCode.RequestEntityTooLarge)).GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_gets_415_naming_the_content_type()
    {
        using var response = await _server.Client.PostAsync("score", new StringContent("history=1", Encoding.UTF8, "application/x-www-form-urlencoded"));

        var problem = await Problem(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("Content-Type", problem.GetProperty("field").GetString());
        Assert.Contains("application/json", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_endpoints_need_the_key_401_without_it_403_with_a_wrong_one()
    {
        using var none = await _server.Client.PostAsync("admin/reload", null);
        using var wrong = await Send("admin/reload", "not-the-key");
        using var wrongItems = await Send("admin/items", "s3cret-but-longer", new { items = new[] { new { id = "x", title = "t" } } });
        using var right = await Send("admin/reload", Key);

        Assert.Equal("X-Api-Key", (await Problem(none, HttpStatusCode.Unauthorized)).GetProperty("field").GetString());
        Assert.Equal("X-Api-Key", (await Problem(wrong, HttpStatusCode.Forbidden)).GetProperty("field").GetString());
        await Problem(wrongItems, HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains(_server.Logs.Entries, e => e.Message.Contains("wrong key", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Adding_items_to_a_model_without_text_gets_409_and_bad_items_get_400()
    {
        using var noText = await Send("admin/items", Key, new { items = new[] { new { id = "x", title = "A title" } } });
        using var noId = await Send("admin/items", Key, new { items = new[] { new { title = "A title" } } });
        using var empty = await Send("admin/items", Key, new { items = Array.Empty<object>() });

        Assert.Contains("without item text", (await Problem(noText, HttpStatusCode.Conflict)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True((await Problem(noId, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("items[0].id", out _));
        Assert.True((await Problem(empty, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("items", out _));
    }

    [Fact]
    public async Task Admin_endpoints_are_off_404_unless_a_key_is_configured()
    {
        using var directory = new TempDirectory();
        await using var server = await RunningServer.StartAsync(ServerBundles.Place(directory, bundles.WithoutText));
        using var reload = await server.Client.PostAsync("admin/reload", null);
        using var items = await server.Client.PostAsJsonAsync("admin/items", new { items = new[] { new { id = "x", title = "t" } } });

        Assert.Contains("AdminApiKey", (await Problem(reload, HttpStatusCode.NotFound)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        await Problem(items, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_request_that_waits_past_the_timeout_gets_503_and_a_problem()
    {
        using var directory = new TempDirectory();
        await using var server = await RunningServer.StartAsync(ServerBundles.Place(directory, bundles.WithoutText), o =>
        {
            o.RequestTimeout = TimeSpan.FromMilliseconds(200);
            o.Batching.Window = TimeSpan.FromSeconds(20);
            o.Batching.MaxBatchSize = 1000;
        });

        using var response = await server.PostAsync("recommend", new { history = Ids.Of("1") });

        Assert.Contains("timeout", (await Problem(response, HttpStatusCode.ServiceUnavailable)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private Task<HttpResponseMessage> Send(string path, string key, object? body = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("X-Api-Key", key);
        return _server.Client.SendAsync(request);
    }

    private static async Task<JsonElement> Problem(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await RunningServer.JsonAsync(response);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        return problem;
    }

    /// <summary>A body sent without a Content-Length, so only the server's running count can stop it.</summary>
    private sealed class ChunkedContent : HttpContent
    {
        private readonly byte[] _bytes;

        public ChunkedContent(string text)
        {
            _bytes = Encoding.UTF8.GetBytes(text);
            Headers.ContentType = new("application/json");
        }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
