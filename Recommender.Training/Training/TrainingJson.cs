using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Recommender.Training.Modeling;

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

    /// <summary>
    /// Reads a saved model's or checkpoint's JSON, whose <c>model</c> and <c>training</c> objects are the options it
    /// was trained with. Options added since keep the meaning they had before they existed: files written before
    /// positions could count from the first item counted them back from the latest, and weighed batches equally.
    /// </summary>
    public static T? Read<T>(Stream stream)
    {
        var node = JsonNode.Parse(stream);
        if (node?["model"] is JsonObject model && !model.ContainsKey("positions"))
        {
            model["positions"] = nameof(PositionOrigin.LatestItem);
        }

        if (node?["training"] is JsonObject training && !training.ContainsKey("batchWeighting"))
        {
            training["batchWeighting"] = nameof(BatchWeighting.Equal);
        }

        return node.Deserialize<T>(Options);
    }
}
