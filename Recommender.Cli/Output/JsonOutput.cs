using System.Text.Json;
using System.Text.Json.Serialization;

namespace Recommender.Cli.Output;

/// <summary>The JSON shape of everything the CLI prints with <c>--json</c>.</summary>
internal static class JsonOutput
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        IncludeFields = true,
        Converters = { new JsonStringEnumConverter() },
    };
}
