using System.CommandLine;
using System.Diagnostics;
using Recommender.Scoring;
using Recommender.Scoring.Approximate;
using Spectre.Console;
using static Recommender.Cli.Output.Numbers;

namespace Recommender.Cli.Commands;

/// <summary>
/// <c>recommender index</c>: builds a bundle's approximate top-K index ahead of time, so the batch job's shards and
/// the server find it beside the bundle instead of each building their own on first use.
/// </summary>
internal static class IndexCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var bundle = new BundleOptions();
        var command = new Command("index", "Build the bundle's approximate top-K index (HNSW) and keep it beside the bundle (or in --index-dir), where score, recommend and serve find it.")
        {
            bundle.Model, bundle.IndexDirectory, bundle.IndexPrecision,
        };
        command.SetAction(parse =>
        {
            var path = bundle.ExistingModel(parse);
            var options = bundle.SessionOptions(parse) with { TopKSearch = TopKSearch.Approximate };
            var watch = Stopwatch.StartNew();
            using var session = RecommenderSession.Load(path, options);
            if (session.TopKSearch != TopKSearch.Approximate)
            {
                throw Failures.CliFailure.InputOutput(session.IndexMessage ?? "The approximate index is not available here.");
            }

            BundleOptions.WriteNotes(console, session);
            var file = ItemIndexFiles.PathFor(session.Bundle, options.Approximate);
            console.MarkupLine($"index of {N(session.ItemCount)} items ready in {watch.Elapsed.TotalSeconds:F1} s: {Markup.Escape(file ?? "in memory")} ({session.IndexMemoryBytes / (1024 * 1024):N0} MB in memory)");
            return 0;
        });
        return command;
    }
}
