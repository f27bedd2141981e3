using System.CommandLine;
using Microsoft.ML;
using Microsoft.ML.Data;
using Recommender.Bundles;
using Recommender.IO;
using Recommender.MLNet;
using Spectre.Console;

namespace Recommender.Cli.Commands;

/// <summary>
/// <c>recommender mlnet-export</c>: a saved ML.NET model (pipeline.zip) that scores with a bundle, for applications
/// that load ML.NET models and cannot change their code.
/// </summary>
internal static class MLNetExportCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var bundle = new BundleOptions();
        var output = new Option<string>("--output", "-o") { Description = "Where to write the saved ML.NET model (a .zip).", Required = true };
        var idType = new Option<string>("--id-type") { Description = "The type of the item id columns: int64 or string.", DefaultValueFactory = _ => "string" };
        idType.AcceptOnlyFromAmong("int64", "string");
        var candidateList = new Option<bool>("--candidate-list") { Description = "CandidateItem holds a vector of items per row and Score a vector of scores." };
        var command = new Command("mlnet-export", "Write a saved ML.NET model: History and CandidateItem in, Score out.") { bundle.Model, output, idType, candidateList };
        command.SetAction(parse =>
        {
            if (bundle.ExistingModel(parse, console) is not { } bundlePath)
            {
                return CliApp.InputError;
            }

            var path = parse.GetValue(output)!;
            var list = parse.GetValue(candidateList);
            var context = new MLContext(seed: 0);
            var input = (parse.GetValue(idType), list) switch
            {
                ("int64", false) => context.Data.LoadFromEnumerable(Array.Empty<InputRow<long, long>>()),
                ("int64", true) => context.Data.LoadFromEnumerable(Array.Empty<InputRow<long, long[]>>()),
                (_, false) => context.Data.LoadFromEnumerable(Array.Empty<InputRow<string, string>>()),
                _ => context.Data.LoadFromEnumerable(Array.Empty<InputRow<string, string[]>>()),
            };
            ITransformer pipeline;
            try
            {
                pipeline = context.Transforms.ScoreWithRecommender(bundlePath).Fit(input);
            }
            catch (BundleFormatException e)
            {
                console.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
                return 1;
            }

            AtomicFile.Write(path, stream => context.Model.Save(pipeline, input.Schema, stream));

            // Read it back as an application would, so a file that does not load is never reported as written.
            var check = new MLContext(seed: 0);
            check.ComponentCatalog.RegisterRecommender();
            var loaded = check.Model.Load(path, out var schema);
            var score = loaded.GetOutputSchema(schema)["Score"].Type;
            console.MarkupLine($"ML.NET model: [green]{Markup.Escape(path)}[/]");
            console.MarkupLine($"  input:  {Describe(schema["History"].Type)} History, {Describe(schema["CandidateItem"].Type)} CandidateItem");
            console.MarkupLine($"  output: {Describe(score)} Score");
            console.MarkupLine("  load it with Microsoft.ML, Microsoft.ML.OnnxTransformer and Recommender.MLNet:");
            console.MarkupLine("    mlContext.ComponentCatalog.RegisterRecommender();");
            console.MarkupLine($"    var model = mlContext.Model.Load(\"{Markup.Escape(Path.GetFileName(path))}\", out var inputSchema);");
            return 0;
        });
        return command;
    }

    private static string Describe(DataViewType type) => Markup.Escape(type is VectorDataViewType vector ? $"{vector.ItemType}[]" : $"{type}");

    /// <summary>The input columns the exported model expects; only their types matter.</summary>
    private sealed class InputRow<TId, TCandidate>
    {
        public TId[] History { get; set; } = [];

        public TCandidate? CandidateItem { get; set; }
    }
}
