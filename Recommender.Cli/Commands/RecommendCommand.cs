using System.CommandLine;
using Recommender.Cli.Failures;
using Recommender.Cli.Output;
using Recommender.Scoring;
using Spectre.Console;

namespace Recommender.Cli.Commands;

/// <summary><c>recommender recommend</c>: the top items for one history, from a model bundle, with titles.</summary>
internal static class RecommendCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var bundle = new BundleOptions();
        var history = new Option<string>("--history") { Description = "Item ids the user interacted with, oldest first, separated by spaces or commas.", Required = true };
        var k = new Option<int>("--k") { Description = "How many items to recommend.", DefaultValueFactory = _ => 10 };
        var includeSeen = new Option<bool>("--include-seen") { Description = "Allow items already in the history." };
        var command = new Command("recommend", "Recommend items for one history with a trained model bundle.") { bundle.Model, history, k, includeSeen, bundle.Device, bundle.TopKSearch, bundle.IndexDirectory, bundle.IndexPrecision };
        command.SetAction(parse =>
        {
            var top = parse.GetValue(k);
            if (top < 1)
            {
                throw CliFailure.Usage($"--k: expected at least 1; got {top}.");
            }

            var path = bundle.ExistingModel(parse);
            using (var session = RecommenderSession.Load(path, bundle.SessionOptions(parse)))
            {
                BundleOptions.WriteNotes(console, session);

                var ids = parse.GetValue(history)!.Split([' ', ',', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var unknown = ids.Where(id => !session.Contains(id)).ToList();
                if (unknown.Count > 0)
                {
                    console.MarkupLine($"[yellow]skipped {unknown.Count} item id(s) the model does not know: {Markup.Escape(string.Join(", ", unknown.Take(10)))}{(unknown.Count > 10 ? ", ..." : "")}[/]");
                }

                var recommendations = session.Recommend(ids, top, excludeSeen: !parse.GetValue(includeSeen));
                var counters = session.Counters;
                if (counters.EmptyHistories > 0)
                {
                    console.MarkupLine("[yellow]no known item in the history: showing the most popular items of the training data (score = training interactions)[/]");
                }
                else if (counters.HistoriesTruncated > 0)
                {
                    console.MarkupLine($"[yellow]the history has more known items than the model reads; its latest {session.Bundle.Manifest.Model.MaxHistory} were used[/]");
                }

                RecommendationView.Write(console, recommendations, counters.EmptyHistories > 0 ? "interactions" : "score");
                return 0;
            }
        });
        return command;
    }
}
