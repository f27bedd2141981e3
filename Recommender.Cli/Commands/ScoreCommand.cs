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
    public static Command Create(IAnsiConsole console) => Create(console, Environment.GetEnvironmentVariable);

    /// <summary>The command, with <paramref name="environment"/> looking up the scheduler's variables (for <c>--shard env/n</c>).</summary>
    internal static Command Create(IAnsiConsole console, Func<string, string?> environment)
    {
        var bundle = new BundleOptions();
        var data = new DataOptions();
        data.Input.Description = "Histories: a file, a dataset folder (read through its interactions file), or any other folder of Parquet files as Spark writes them "
            + "(key=value/ partition folders too; names starting with _ or . passed over), read in path order.";
        var output = new Option<string>("--output", "-o")
        {
            Description = "The Parquet file to write (user_id, rank, item_id, score), or a folder (ending with / or existing) to write this shard's part-i-of-n.parquet into; "
                + "_SUCCESS appears there once all n parts are.",
            Required = true,
        };
        var topK = new Option<int>("--top-k", "-k") { Description = "Recommendations per user.", DefaultValueFactory = _ => 10 };
        var excludeSeen = new Option<bool>("--exclude-seen") { Description = "Leave items of a user's history out of their recommendations (--exclude-seen false to allow them).", DefaultValueFactory = _ => true };
        var shard = new Option<string>("--shard")
        {
            Description = "Score only part i of n of the users (e.g. 2/8), chosen by a stable hash of the user id; the n parts together are one whole run. "
                + $"env/n takes the shard from {ShardArgument.IndexVariable} (0-based, as a Kubernetes Indexed Job sets it: shard = index + 1), e.g. env/8.",
            DefaultValueFactory = _ => "1/1",
        };
        var batchSize = new Option<int>("--batch-size") { Description = "Users read, scored and written at a time (memory stays bounded by one batch).", DefaultValueFactory = _ => 1024 };
        var concurrentBatches = new Option<int>("--concurrent-batches")
        {
            Description = "Graph runs at once, each on one thread (default: one per core); 1 runs them one at a time, each across all cores.",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress display." };
        var command = new Command("score", "Recommend the top K items for every user of a histories file or folder of Parquet files (one row per user with a list of items, or interactions grouped by user), into Parquet.")
        {
            bundle.Model, data.Input, data.Format, data.Columns, data.Encoding, data.SkipBadRows, output, topK, excludeSeen, shard, batchSize, concurrentBatches, bundle.Device, bundle.TopKSearch, bundle.IndexDirectory, bundle.IndexPrecision, quiet,
        };
        command.SetAction(async (parse, ct) =>
        {
            var modelPath = bundle.ExistingModel(parse);
            var options = new BatchScoringOptions
            {
                TopK = parse.GetValue(topK),
                ExcludeSeen = parse.GetValue(excludeSeen),
                Shard = ShardArgument.Parse(parse.GetValue(shard)!, environment),
                BatchSize = parse.GetValue(batchSize),
            };
            var concurrent = parse.GetValue(concurrentBatches);
            if (options.TopK < 1 || options.BatchSize < 1 || concurrent < 1)
            {
                throw CliFailure.Usage($"--top-k, --batch-size and --concurrent-batches: expected at least 1 each; got {options.TopK}, {options.BatchSize} and {concurrent}.");
            }

            var path = parse.GetValue(output)!;
            var inputPath = parse.GetValue(data.Input)!;
            var folder = Path.EndsInDirectorySeparator(path) || Directory.Exists(path);
            if (folder)
            {
                CheckFolder(path, inputPath, modelPath, options.Shard);
            }
            else
            {
                OutputPaths.CheckFile("--output", path, "recommendations.parquet", inputPath, modelPath);
            }

            var input = await HistorySource.OpenAsync(inputPath, data.InteractionReadOptions(parse), ct);
            // Small graph runs keep more cores busy side by side than split across them (benchmarks/RESULTS.md).
            var sessionOptions = concurrent == 1 ? bundle.SessionOptions(parse) : bundle.SessionOptions(parse) with { IntraOpThreads = 1, ConcurrentBatches = concurrent };
            using var session = RecommenderSession.Load(modelPath, sessionOptions);
            BundleOptions.WriteNotes(console, session);

            async Task<(BatchScoringReport, FolderScoringReport?)> ScoreAsync(IProgress<long>? progress)
            {
                if (!folder)
                {
                    return (await BatchScorer.ScoreAsync(session, input, path, options, progress, ct), null);
                }

                var parts = await RecommendationFolder.ScoreAsync(session, input, path, options, progress, ct);
                return (parts.Scoring, parts);
            }

            var (report, parts) = parse.GetValue(quiet) || !console.Profile.Capabilities.Interactive
                ? await ScoreAsync(null)
                : await console.Status().StartAsync("scoring", async context => await ScoreAsync(new Progress<long>(read => context.Status($"scoring: {N(read)} users read"))));
            BatchScoringView.Write(console, report, parts, input, path, options);
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Checks an output folder before any work: not inside an input folder (a folder of histories would read the parts
    /// as histories next time), writable, not an input, and holding no part of a run with another shard count.
    /// </summary>
    private static void CheckFolder(string folder, string inputPath, string modelPath, Shard shard)
    {
        var inputFolder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(inputPath)) + Path.DirectorySeparatorChar;
        if (Directory.Exists(inputPath) && (Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + Path.DirectorySeparatorChar).StartsWith(inputFolder, StringComparison.Ordinal))
        {
            throw CliFailure.Usage($"--output: '{folder}' is inside the input folder '{inputPath}', where the parts would mix with what you gave (a folder of histories would read them as histories). "
                + "Choose a folder outside it.");
        }

        OutputPaths.CheckFolder("--output", folder, inputPath, modelPath);
        OutputPaths.CheckFile("--output", Path.Combine(folder, RecommendationFolder.PartFileName(shard)), RecommendationFolder.PartFileName(shard), inputPath, modelPath);
        RecommendationFolder.Check(folder, shard);
    }
}
