using System.CommandLine;
using Recommender.BatchScoring;
using Recommender.Cli.Failures;
using Recommender.Cli.Output;
using Recommender.Scoring;
using Spectre.Console;
using static Recommender.Cli.Output.Numbers;

namespace Recommender.Cli.Commands;

/// <summary><c>recommender score</c>: the batch job: histories in, top-K recommendations per user out, as Parquet.</summary>
internal static class ScoreCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var bundle = new BundleOptions();
        var data = new DataOptions();
        var output = new Option<string>("--output", "-o") { Description = "The Parquet file to write: user_id, rank, item_id, score.", Required = true };
        var topK = new Option<int>("--top-k", "-k") { Description = "Recommendations per user.", DefaultValueFactory = _ => 10 };
        var excludeSeen = new Option<bool>("--exclude-seen") { Description = "Leave items of a user's history out of their recommendations (--exclude-seen false to allow them).", DefaultValueFactory = _ => true };
        var shard = new Option<string>("--shard") { Description = "Score only part i of n of the users (e.g. 2/8), chosen by a stable hash of the user id; the n parts together are one whole run.", DefaultValueFactory = _ => "1/1" };
        var batchSize = new Option<int>("--batch-size") { Description = "Users read, scored and written at a time (memory stays bounded by one batch).", DefaultValueFactory = _ => 1024 };
        var concurrentBatches = new Option<int>("--concurrent-batches")
        {
            Description = "Graph runs at once, each on one thread (default: one per core); 1 runs them one at a time, each across all cores.",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress display." };
        var command = new Command("score", "Recommend the top K items for every user of a histories file (Parquet with one row per user and a list of items, or interactions in any format), into Parquet.")
        {
            bundle.Model, data.Input, data.Format, data.Columns, data.Encoding, data.SkipBadRows, output, topK, excludeSeen, shard, batchSize, concurrentBatches, bundle.Device, bundle.TopKSearch, bundle.IndexDirectory, quiet,
        };
        command.SetAction(async (parse, ct) =>
        {
            var modelPath = bundle.ExistingModel(parse);
            var options = new BatchScoringOptions
            {
                TopK = parse.GetValue(topK),
                ExcludeSeen = parse.GetValue(excludeSeen),
                Shard = Shard.Parse(parse.GetValue(shard)!),
                BatchSize = parse.GetValue(batchSize),
            };
            var concurrent = parse.GetValue(concurrentBatches);
            if (options.TopK < 1 || options.BatchSize < 1 || concurrent < 1)
            {
                throw CliFailure.Usage($"--top-k, --batch-size and --concurrent-batches: expected at least 1 each; got {options.TopK}, {options.BatchSize} and {concurrent}.");
            }

            var path = parse.GetValue(output)!;
            var inputPath = parse.GetValue(data.Input)!;
            OutputPaths.CheckFile("--output", path, "recommendations.parquet", inputPath, modelPath);
            var input = await HistoryFile.OpenAsync(inputPath, data.InteractionReadOptions(parse), ct);
            // Small graph runs keep more cores busy side by side than split across them (benchmarks/RESULTS.md).
            var sessionOptions = concurrent == 1 ? bundle.SessionOptions(parse) : bundle.SessionOptions(parse) with { IntraOpThreads = 1, ConcurrentBatches = concurrent };
            using var session = RecommenderSession.Load(modelPath, sessionOptions);
            BundleOptions.WriteNotes(console, session);

            BatchScoringReport report;
            if (parse.GetValue(quiet) || !console.Profile.Capabilities.Interactive)
            {
                report = await BatchScorer.ScoreAsync(session, input, path, options, null, ct);
            }
            else
            {
                report = await console.Status().StartAsync("scoring", async context =>
                    await BatchScorer.ScoreAsync(session, input, path, options, new Progress<long>(read => context.Status($"scoring: {N(read)} users read")), ct));
            }

            BatchScoringView.Write(console, report, input, path, options);
            return 0;
        });
        return command;
    }
}
