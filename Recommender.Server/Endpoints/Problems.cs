using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Recommender.Server.Endpoints;

/// <summary>RFC 9457 problem details for every refusal, each naming the field at fault and what was expected.</summary>
internal static class Problems
{
    public static ValidationProblem Invalid(string field, string expected) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [expected] }, title: "The request is not valid.");

    public static ValidationProblem Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The request is not valid.");

    public static ProblemHttpResult Status(int status, string title, string detail, string? field = null)
    {
        var extensions = field is null ? null : new Dictionary<string, object?> { ["field"] = field };
        return TypedResults.Problem(detail, statusCode: status, title: title, extensions: extensions);
    }
}
