using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Recommender.Server.Endpoints;

/// <summary>
/// Reads a JSON request body under the size limit. Read here rather than by parameter binding so that every refusal
/// (wrong content type, too large, malformed, empty) is a problem document naming what was wrong.
/// </summary>
internal static class JsonBody
{
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpContext context, long limit, CancellationToken cancellationToken)
        where T : class
    {
        var request = context.Request;
        if (!request.HasJsonContentType())
        {
            return (null, Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type.",
                $"Content-Type: expected application/json; got '{request.ContentType ?? "none"}'.", "Content-Type"));
        }

        if (request.ContentLength > limit)
        {
            return (null, TooLarge(limit));
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        try
        {
            var options = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            var value = await request.ReadFromJsonAsync<T>(options, cancellationToken).ConfigureAwait(false);
            return value is null ? (null, Problems.Invalid("$", "expected a JSON object; got null.")) : (value, null);
        }
        catch (JsonException error)
        {
            var at = string.IsNullOrEmpty(error.Path) ? "$" : error.Path;
            return (null, Problems.Invalid(at, $"expected valid JSON of the documented shape at {at}: {FirstSentence(error.Message)}"));
        }
        catch (BadHttpRequestException error) when (error.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(limit));
        }
    }

    private static ProblemHttpResult TooLarge(long limit) =>
        Problems.Status(StatusCodes.Status413PayloadTooLarge, "Request body too large.", $"body: expected at most {limit:N0} bytes.", "body");

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}
