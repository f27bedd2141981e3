using System.CommandLine;
using Recommender.Bundles;
using Recommender.Cli.Charts;
using Recommender.Cli.Output;
using Recommender.Explain;
using Recommender.Scoring;
using Spectre.Console;
using static Recommender.Cli.Output.Numbers;

namespace Recommender.Cli.Commands;

/// <summary>
/// <c>recommender explain</c>: one user's attention maps (every block and head over their history, items by title)
/// and top recommendations, drawn to a PNG or SVG from the weights of the bundle's own user-encoder graph.
/// </summary>
internal static class ExplainCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var bundleOptions = new BundleOptions("The model bundle (*.recbundle), exported without --fused-attention.");
        var data = new DataOptions();
        var user = new Option<string>("--user", "-u") { Description = "The user to explain, by id as in the data; their whole history in the data is read.", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "Where to write the figure: a .png or an .svg file.", Required = true };
        var k = new Option<int>("--k") { Description = "How many recommendations the figure lists.", DefaultValueFactory = _ => 10 };
        var command = new Command("explain", "Draw one user's attention maps (each block and head over their history, items by title) and top recommendations.") { bundleOptions.Model, user, output, k };
        data.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var top = parse.GetValue(k);
            var path = parse.GetValue(output)!;
            var userId = parse.GetValue(user)!;
            if (Problem(top, path) is { } problem)
            {
                console.MarkupLine($"[red]{Markup.Escape(problem)}[/]");
                return CliApp.InputError;
            }

            if (bundleOptions.ExistingModel(parse, console) is not { } modelPath)
            {
                return CliApp.InputError;
            }

            ModelBundle bundle;
            try
            {
                bundle = ModelBundle.Load(modelPath);
            }
            catch (BundleFormatException e)
            {
                console.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
                return 1;
            }

            if (bundle.Manifest.Model.FusedAttention)
            {
                console.MarkupLine($"[red]{Markup.Escape(modelPath)} was exported with --fused-attention: its attention is ONNX Runtime's fused MultiHeadAttention, whose weights cannot be read. "
                    + "Export the model again without --fused-attention (the scores are the same) to explain it.[/]");
                return CliApp.InputError;
            }

            var dataset = await data.LoadAsync(parse, ct).ConfigureAwait(false);
            var log = dataset.Interactions;
            var input = parse.GetValue(data.Input)!;
            if (!log.Users.TryGetIndex(userId, out var index))
            {
                console.MarkupLine($"[red]user '{Markup.Escape(userId)}' is not in {Markup.Escape(input)} ({N(log.UserCount)} users).[/]");
                return CliApp.InputError;
            }

            var history = new List<string>(log.GetSequenceLength(index));
            foreach (var item in log.GetItems(index))
            {
                history.Add(log.Items.GetId(item));
            }

            if (!history.Any(id => bundle.Items.TryGetIndex(id, out _)))
            {
                console.MarkupLine($"[red]none of the {N(history.Count)} item(s) of user '{Markup.Escape(userId)}' in {Markup.Escape(input)} is known to the model, so there is no attention to show; was it trained on other data?[/]");
                return CliApp.InputError;
            }

            var maps = AttentionMaps.Compute(bundle, history);
            IReadOnlyList<Recommendation> recommendations;
            using (var session = new RecommenderSession(bundle))
            {
                recommendations = session.Recommend(history, top);
            }

            AttentionFigure.Save(path, maps, recommendations, userId, Path.GetFileName(modelPath));
            console.MarkupLine($"attention maps: [bold]{Markup.Escape(Path.GetFullPath(path))}[/]");
            console.MarkupLine($"user {Markup.Escape(userId)}: {N(history.Count)} item(s) in the data; the model read the latest {N(maps.Positions.Count(p => !p.IsMask))}"
                + (maps.UnknownItems > 0 ? $", {N(maps.UnknownItems)} it does not know skipped" : string.Empty)
                + $"; {maps.Layers} block(s) of {maps.Heads} head(s).");
            AttentionView.Write(console, maps);
            return 0;
        });
        return command;
    }

    private static string? Problem(int k, string output) =>
        k < 1 ? $"--k must be at least 1; got {k}."
        : !ChartCanvas.CanWrite(output) ? $"--output must be a .png or an .svg file; got '{output}'."
        : null;
}
