using System.CommandLine;
using Recommender.Cli.Output;
using Recommender.Data;
using Recommender.Data.Synthetic;
using Spectre.Console;

namespace Recommender.Cli.Commands;

/// <summary><c>recommender data generate</c>: writes the seeded synthetic dataset (the bundled <c>data/sample</c>).</summary>
internal static class DataGenerateCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var defaults = new SyntheticDatasetOptions();
        var output = new Option<string>("--output", "-o") { Description = "Folder to write interactions.parquet and items.parquet into.", Required = true };
        var seed = new Option<int>("--seed") { Description = "Random seed; the same seed always gives the same files.", DefaultValueFactory = _ => defaults.Seed };
        var users = new Option<int>("--users") { Description = "Number of users.", DefaultValueFactory = _ => defaults.Users };
        var items = new Option<int>("--items") { Description = "Number of items.", DefaultValueFactory = _ => defaults.Items };
        var series = new Option<double>("--series-fraction") { Description = "Share of the catalog that comes in series (sequels).", DefaultValueFactory = _ => defaults.SeriesFraction };
        var continuation = new Option<double>("--continuation") { Description = "Chance of going straight on to the next part of a series just watched.", DefaultValueFactory = _ => defaults.ContinuationProbability };
        var noise = new Option<double>("--noise") { Description = "Chance that a pick ignores the user's taste (popular or random).", DefaultValueFactory = _ => defaults.NoiseProbability };
        var command = new Command("generate", "Generate the synthetic dataset: sequential structure, lasting taste, item text, cold-start items (see data/README.md).")
        {
            output, seed, users, items, series, continuation, noise,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = (defaults with
            {
                Seed = parse.GetValue(seed),
                Users = parse.GetValue(users),
                Items = parse.GetValue(items),
                SeriesFraction = parse.GetValue(series),
                ContinuationProbability = parse.GetValue(continuation),
                NoiseProbability = parse.GetValue(noise),
            }).WithLengthsFittedToCatalog();
            options.Validate();
            var folder = parse.GetValue(output)!;
            OutputPaths.CheckFolder("--output", folder);
            var generated = SyntheticDatasetGenerator.Generate(options);
            var builder = new InteractionLogBuilder();
            foreach (var record in generated.Interactions)
            {
                builder.Add(record);
            }

            var (log, _) = builder.Build();
            await ParquetDataWriter.WriteInteractionsAsync(Path.Combine(folder, "interactions.parquet"), log, ct).ConfigureAwait(false);
            await ParquetDataWriter.WriteItemsAsync(Path.Combine(folder, "items.parquet"), generated.Items, ct).ConfigureAwait(false);
            console.MarkupLine($"wrote [bold]{Markup.Escape(folder)}[/]: interactions.parquet, items.parquet");
            var dataset = await DatasetLoader.LoadAsync(folder, cancellationToken: ct).ConfigureAwait(false);
            DatasetView.Write(console, dataset, DatasetStatistics.Compute(dataset));
            return 0;
        });
        return command;
    }
}
