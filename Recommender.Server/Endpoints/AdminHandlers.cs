using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;
using Recommender.Data;
using Recommender.Server.Batching;
using Recommender.Server.Contracts;
using Recommender.Server.Diagnostics;
using Recommender.Server.Models;

namespace Recommender.Server.Endpoints;

/// <summary>
/// Reload and add items: off (404) unless an admin key is configured, and then only with that key in
/// <c>X-Api-Key</c>. Neither takes a path: reload reads the configured bundle path, nothing else.
/// </summary>
internal static class AdminHandlers
{
    public const string KeyHeader = "X-Api-Key";

    public static async Task<IResult> ReloadAsync(HttpContext context, RequestRunner runner, ModelStore store, ModelReloader reloader, RequestBatcher batcher, ILogger<RequestRunner> logger)
    {
        if (Refuse(context, runner.Options, logger) is { } refusal)
        {
            return refusal;
        }

        var outcome = await reloader.ReloadAsync("admin reload", context.RequestAborted).ConfigureAwait(false);
        if (!outcome.Loaded)
        {
            return Problems.Status(StatusCodes.Status422UnprocessableEntity, "The new bundle was refused.",
                $"The bundle at the configured path cannot serve: {outcome.Error} Model {outcome.Version} keeps serving.", "bundle");
        }

        return await runner.RunAsync(context, "admin/reload", (model, _) => Task.FromResult<IResult>(TypedResults.Ok(ModelHandlers.Info(model, store, reloader, batcher)))).ConfigureAwait(false);
    }

    public static async Task<IResult> AddItemsAsync(HttpContext context, RequestRunner runner, ILogger<RequestRunner> logger)
    {
        if (Refuse(context, runner.Options, logger) is { } refusal)
        {
            return refusal;
        }

        return await runner.RunAsync(context, "admin/items", async (model, cancellationToken) =>
        {
            var (request, problem) = await JsonBody.ReadAsync<AddItemsRequest>(context, runner.Options.MaxRequestBodyBytes, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                return problem;
            }

            var validation = new Validation(runner.Options);
            if (request!.Items is null)
            {
                validation.Add("items", "required: an array of items with an id and text (title, genres, description).");
                return Problems.Invalid(validation.Errors);
            }

            validation.Count("items", request.Items.Length, runner.Options.MaxAddedItems, "item");
            for (var i = 0; i < request.Items.Length; i++)
            {
                if (string.IsNullOrEmpty(request.Items[i]?.Id))
                {
                    validation.Add($"items[{i}].id", "required: a non-empty item id string.");
                }
            }

            if (!validation.IsValid)
            {
                return Problems.Invalid(validation.Errors);
            }

            try
            {
                var added = model.Session.AddItems(request.Items.Select(Catalog));
                ServerLog.ItemsAdded(logger, added, model.Version, model.Session.ItemCount);
                return TypedResults.Ok(new AddItemsResponse(model.Version, added, model.Session.ItemCount));
            }
            catch (InvalidOperationException error)
            {
                return Problems.Status(StatusCodes.Status409Conflict, "This model cannot add items.", error.Message, "items");
            }
            catch (ArgumentException error)
            {
                return Problems.Invalid("items", $"expected new, distinct ids with text the model reads: {FirstLine(error.Message)}");
            }
        }).ConfigureAwait(false);
    }

    /// <summary>404 when admin is off, 401 without a key, 403 with a wrong one; null when the key matches.</summary>
    private static ProblemHttpResult? Refuse(HttpContext context, RecommenderServerOptions options, ILogger logger)
    {
        if (string.IsNullOrEmpty(options.AdminApiKey))
        {
            return Problems.Status(StatusCodes.Status404NotFound, "Admin endpoints are off.",
                $"Configure {RecommenderServerOptions.SectionName}:{nameof(RecommenderServerOptions.AdminApiKey)} to turn them on.");
        }

        if (!context.Request.Headers.TryGetValue(KeyHeader, out var given) || string.IsNullOrEmpty(given))
        {
            ServerLog.AdminRefused(logger, context.Request.Path, "no key");
            return Problems.Status(StatusCodes.Status401Unauthorized, "API key required.", $"{KeyHeader}: expected the admin API key in this header.", KeyHeader);
        }

        // Hashing first makes the comparison take the same time whatever the lengths.
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(options.AdminApiKey));
        var actual = SHA256.HashData(Encoding.UTF8.GetBytes(given.ToString()));
        if (!CryptographicOperations.FixedTimeEquals(expected, actual))
        {
            ServerLog.AdminRefused(logger, context.Request.Path, "wrong key");
            return Problems.Status(StatusCodes.Status403Forbidden, "Wrong API key.", $"{KeyHeader}: the key given is not the admin API key.", KeyHeader);
        }

        return null;
    }

    private static CatalogItem Catalog(NewItem item)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        Put(fields, ItemFields.Title, item.Title);
        Put(fields, ItemFields.Genres, item.Genres);
        Put(fields, ItemFields.Description, item.Description);
        return new CatalogItem(item.Id!, fields);
    }

    private static void Put(Dictionary<string, string> fields, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            fields[name] = value;
        }
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOf(" (Parameter", StringComparison.Ordinal);
        return end < 0 ? message : message[..end];
    }
}
