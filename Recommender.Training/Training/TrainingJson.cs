using System.Text.Json;
using System.Text.Json.Serialization;

namespace Recommender.Training.Training;

/// <summary>The JSON settings of everything training writes: options, checkpoints, the metrics log.</summary>
internal static class TrainingJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
    };

    public static readonly JsonSerializerOptions Indented = new(Options) { WriteIndented = true };
}
