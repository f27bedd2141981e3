using Recommender.Server;

namespace Recommender.Samples.Reranking;

/// <summary>
/// The sample app: the recommender endpoints under <c>/recommender</c> (the two lines) and <c>POST /rerank</c>, which
/// scores candidates with a saved ML.NET pipeline whose first stage is the recommender and whose last is a LightGBM
/// ranker. Configuration: <c>Recommender:BundlePath</c> and <c>Reranking:PipelinePath</c>.
/// </summary>
public static class RerankingApp
{
    /// <summary>Builds the app from command-line arguments and configuration; <paramref name="configure"/> may change the builder (tests set the URL).</summary>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.Services.AddRecommender();
        var pipelinePath = builder.Configuration["Reranking:PipelinePath"]
            ?? throw new InvalidOperationException("Reranking:PipelinePath is required: the ML.NET pipeline saved with mlContext.Model.Save.");
        builder.Services.AddSingleton(new RerankPipeline(pipelinePath));

        var app = builder.Build();
        app.MapRecommender("/recommender");
        app.MapPost("/rerank", Rerank).WithName("Rerank").WithSummary("Re-ranks candidates with the saved ML.NET pipeline (recommender stage + LightGBM).");
        return app;
    }

    private static async Task<IResult> Rerank(RerankRequest request, RerankPipeline pipeline, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.History is null)
        {
            errors["history"] = ["required: an array of item id strings, oldest first."];
        }

        if (request.Candidates is not { Length: > 0 })
        {
            errors["candidates"] = ["required: at least one candidate with an itemId."];
        }
        else if (Array.FindIndex(request.Candidates, c => string.IsNullOrEmpty(c?.ItemId)) is var blank and >= 0)
        {
            errors[$"candidates[{blank}].itemId"] = ["required: a non-empty item id string."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var rows = request.Candidates!.Select(c => new RerankRow
        {
            User = request.User ?? "",
            History = request.History!,
            CandidateItem = c.ItemId!,
            Popularity = c.Popularity,
            HistoryLength = request.History!.Length,
        }).ToArray();
        var scores = await pipeline.ScoreAsync(rows, cancellationToken);
        var items = rows.Select((row, i) => new RerankedItem(row.CandidateItem, scores[i].Score, scores[i].RecommenderScore))
            .OrderByDescending(item => item.Score)
            .ToArray();
        return TypedResults.Ok(items);
    }
}
