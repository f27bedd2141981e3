using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Recommender.MLNet;

// Usage: Recommender.Tests.ScoringOnly PIPELINE.zip ROWS.json
// ROWS.json is an array of { "History": ["id", ...], "CandidateItem": "id" }; prints the Score of each row, one per line.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Recommender.Tests.ScoringOnly PIPELINE.zip ROWS.json");
    return 2;
}

var context = new MLContext(seed: 0);
context.ComponentCatalog.RegisterRecommender();
var model = context.Model.Load(args[0], out _);
var rows = JsonSerializer.Deserialize<Row[]>(File.ReadAllText(args[1])) ?? [];
var scores = model.Transform(context.Data.LoadFromEnumerable(rows)).GetColumn<float>("Score");
foreach (var score in scores)
{
    Console.WriteLine(score.ToString("R", CultureInfo.InvariantCulture));
}

// What this process loaded, so the caller can check no training code came along.
foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name).Order())
{
    Console.Error.WriteLine($"loaded {assembly}");
}

return 0;

/// <summary>One row to score.</summary>
internal sealed class Row
{
    public string[] History { get; set; } = [];

    public string CandidateItem { get; set; } = string.Empty;
}
