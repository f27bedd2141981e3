using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.ML;
using Microsoft.ML.Trainers.LightGbm;
using Recommender.MLNet;
using Recommender.Samples.Reranking;
using Recommender.Splitting;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Server;

/// <summary>
/// The sample app serves a saved ML.NET pipeline (recommender stage + LightGBM ranker) with pooled prediction engines
/// beside the recommender endpoints, and answers exactly as the pipeline does in process.
/// </summary>
[Collection(ServerTests.Name)]
public sealed class RerankingSampleTests(ServerBundles bundles) : IDisposable
{
    private const int Concurrency = 16;
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task The_sample_app_reranks_with_the_saved_pipeline_over_HTTP_concurrently()
    {
        var bundlePath = ServerBundles.Place(_directory, bundles.WithText);
        var pipelinePath = _directory.File("ranker.zip");
        var context = new MLContext(seed: 1);
        var train = context.Data.LoadFromEnumerable(Rows(bundles.Split, bundles.Split.Validation));
        var model = context.Transforms.ScoreWithRecommender(bundlePath, outputColumnName: "RecommenderScore")
            .Append(context.Transforms.Conversion.MapValueToKey("GroupId", "User"))
            .Append(context.Transforms.Concatenate("Features", "RecommenderScore", "Popularity", "HistoryLength"))
            .Append(context.Ranking.Trainers.LightGbm(new LightGbmRankingTrainer.Options
            {
                RowGroupColumnName = "GroupId",
                NumberOfLeaves = 4,
                MinimumExampleCountPerLeaf = 2,
                NumberOfIterations = 20,
                NumberOfThreads = 1,
                Seed = 1,
            }))
            .Fit(train);
        context.Model.Save(model, train.Schema, pipelinePath);

        var history = Ids.Of("3", "4", "5");
        var candidates = Enumerable.Range(1, 12).Select(i => new { itemId = $"{i}", popularity = (float)(i * 3 % 7) }).ToArray();
        using var pipeline = new RerankPipeline(pipelinePath);
        var inProcess = await pipeline.ScoreAsync([.. candidates.Select(c => new RerankRow { User = "u1", History = history, CandidateItem = c.itemId, Popularity = c.popularity, HistoryLength = 3 })]);

        await using var app = RerankingApp.Create(
            [$"--Recommender:BundlePath={bundlePath}", $"--Reranking:PipelinePath={pipelinePath}"],
            builder =>
            {
                builder.WebHost.UseUrls("http://127.0.0.1:0");
                builder.Logging.ClearProviders();
            });
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()) };

        var answers = await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            using var response = await client.PostAsJsonAsync("rerank", new { user = "u1", history, candidates });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await RunningServer.JsonAsync(response)).EnumerateArray().Select(e => (Id: e.GetProperty("itemId").GetString()!, Score: e.GetProperty("score").GetSingle())).ToArray();
        }));
        using var invalid = await client.PostAsJsonAsync("rerank", new { history, candidates = Array.Empty<object>() });
        using var recommend = await client.PostAsJsonAsync("recommender/recommend", new { history, k = 1 });

        var expected = candidates.Select((c, i) => (Id: c.itemId, inProcess[i].Score)).OrderByDescending(c => c.Score).ToArray();
        Assert.All(answers, a => Assert.Equal(expected.Select(e => e.Id), a.Select(x => x.Id)));
        Assert.All(answers, a => Assert.Equal(expected.Select(e => e.Score), a.Select(x => x.Score)));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.True((await RunningServer.JsonAsync(invalid)).GetProperty("errors").TryGetProperty("candidates", out _));
        Assert.Equal(HttpStatusCode.OK, recommend.StatusCode);
        await app.StopAsync();
    }

    /// <summary>For each example: every item, labelled 1 for the target.</summary>
    private static List<RerankRow> Rows(DataSplit split, IReadOnlyList<SplitExample> examples)
    {
        var log = split.Log;
        var popularity = log.CountItemInteractions();
        var rows = new List<RerankRow>();
        foreach (var example in examples)
        {
            var history = split.GetInput(example).ToArray().Select(log.Items.GetId).ToArray();
            var target = split.GetTarget(example);
            rows.AddRange(Enumerable.Range(1, log.ItemCount).Select(item => new RerankRow
            {
                User = log.Users.GetId(example.User),
                History = history,
                CandidateItem = log.Items.GetId(item),
                Label = item == target ? 1 : 0,
                Popularity = popularity[item],
                HistoryLength = history.Length,
            }));
        }

        return rows;
    }
}
