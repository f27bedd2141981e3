using Microsoft.AspNetCore.Http;
using Recommender.Server.Batching;
using Recommender.Server.Contracts;
using Recommender.Server.Models;

namespace Recommender.Server.Endpoints;

/// <summary>Model information, liveness and readiness.</summary>
internal static class ModelHandlers
{
    public static Task<IResult> InfoAsync(HttpContext context, RequestRunner runner, ModelStore store, ModelReloader reloader, RequestBatcher batcher) =>
        runner.RunAsync(context, "model", (model, _) => Task.FromResult<IResult>(TypedResults.Ok(Info(model, store, reloader, batcher))));

    public static IResult Live() => TypedResults.Ok(new HealthStatus("live", null));

    public static IResult Ready(ModelStore store) =>
        store.Current is { } model
            ? TypedResults.Ok(new HealthStatus("ready", model.Version))
            : Problems.Status(StatusCodes.Status503ServiceUnavailable, "Not ready.", "No model is loaded yet.");

    internal static ModelInfo Info(LoadedModel model, ModelStore store, ModelReloader reloader, RequestBatcher batcher) =>
        new(model.Version, model.Source, model.LoadedAt, model.Session.ItemCount, model.AddedItems, store.Swaps, reloader.Refused, batcher.Enabled, model.Session.Bundle.Manifest, model.Session.TopKSearch);
}
