using Microsoft.AspNetCore.Builder;
using Microsoft.OpenApi;

namespace Recommender.Server.Endpoints;

/// <summary>
/// Documents an endpoint's JSON request body in the OpenAPI document without <c>Accepts</c> metadata: that metadata
/// makes routing answer a wrong content type with a bare 415 before the endpoint can explain it in a problem document.
/// </summary>
internal static class JsonRequestBody
{
    public static RouteHandlerBuilder DocumentsBody<T>(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(T), null, cancellationToken).ConfigureAwait(false);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = typeof(T).Name,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
            };
        });
}
