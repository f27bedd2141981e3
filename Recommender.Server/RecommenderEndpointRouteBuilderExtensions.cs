using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Recommender.Server.Contracts;
using Recommender.Server.Endpoints;

namespace Recommender.Server;

/// <summary>Maps the recommender endpoints: the second of the two lines that add it to an app.</summary>
public static class RecommenderEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps, under <paramref name="prefix"/>: <c>POST recommend</c>, <c>POST recommend/batch</c>, <c>POST score</c>,
    /// <c>POST score/batch</c>, <c>GET model</c>, <c>GET health/live</c>, <c>GET health/ready</c>, the admin
    /// <c>POST admin/reload</c> and <c>POST admin/items</c>, and (unless turned off) the OpenAPI document
    /// <c>openapi/recommender.json</c>. Needs <see cref="RecommenderServiceCollectionExtensions.AddRecommender"/>.
    /// </summary>
    /// <example><code>app.MapRecommender("/recommender");</code></example>
    public static RouteGroupBuilder MapRecommender(this IEndpointRouteBuilder endpoints, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<RecommenderServerOptions>>().Value;
        var group = endpoints.MapGroup(prefix).WithGroupName(RecommenderServiceCollectionExtensions.OpenApiDocumentName).WithTags("Recommender");

        group.MapPost("/recommend", ScoringHandlers.RecommendAsync)
            .WithName("Recommend").WithSummary("The best items for one user's history.")
            .DocumentsBody<RecommendRequest>().Produces<RecommendResponse>().ProducesScoringProblems();
        group.MapPost("/recommend/batch", ScoringHandlers.RecommendBatchAsync)
            .WithName("RecommendBatch").WithSummary("The best items for many users in one request.")
            .DocumentsBody<RecommendBatchRequest>().Produces<RecommendBatchResponse>().ProducesScoringProblems();
        group.MapPost("/score", ScoringHandlers.ScoreAsync)
            .WithName("Score").WithSummary("Scores given candidate items for one user's history.")
            .DocumentsBody<ScoreRequest>().Produces<ScoreResponse>().ProducesScoringProblems();
        group.MapPost("/score/batch", ScoringHandlers.ScoreBatchAsync)
            .WithName("ScoreBatch").WithSummary("Scores candidates for many users in one request.")
            .DocumentsBody<ScoreBatchRequest>().Produces<ScoreBatchResponse>().ProducesScoringProblems();
        group.MapGet("/model", ModelHandlers.InfoAsync)
            .WithName("ModelInfo").WithSummary("The model answering: version, manifest, items, when it was loaded.")
            .Produces<ModelInfo>().ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapGet("/health/live", ModelHandlers.Live)
            .WithName("Live").WithSummary("Liveness: the process answers.").Produces<HealthStatus>();
        group.MapGet("/health/ready", ModelHandlers.Ready)
            .WithName("Ready").WithSummary("Readiness: a model is loaded and serving.").Produces<HealthStatus>().ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapPost("/admin/reload", AdminHandlers.ReloadAsync)
            .WithName("Reload").WithSummary("Loads the bundle at the configured path and swaps it in if it validates (needs X-Api-Key).")
            .Produces<ModelInfo>().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/admin/items", AdminHandlers.AddItemsAsync)
            .WithName("AddItems").WithSummary("Adds cold-start items placed by their text, for models with text (needs X-Api-Key).")
            .DocumentsBody<AddItemsRequest>().Produces<AddItemsResponse>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        if (options.MapOpenApi)
        {
            endpoints.MapOpenApi(prefix.TrimEnd('/') + "/openapi/{documentName}.json");
        }

        return group;
    }

    /// <summary>The refusals every scoring endpoint can give: a bad field (400), a body too large (413) or not JSON (415), no answer in time (503).</summary>
    private static RouteHandlerBuilder ProducesScoringProblems(this RouteHandlerBuilder builder) => builder.ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
