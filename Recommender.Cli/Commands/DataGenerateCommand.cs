using System.CommandLine;
using System.Globalization;
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
            var itemCount = parse.GetValue(items);
            Require(parse.GetValue(users) >= 1, "--users", "at least 1 user", parse.GetValue(users));
            Require(itemCount >= 50, "--items", "at least 50 items, enough for every genre and a few series", itemCount);
            Require(parse.GetValue(series) is >= 0 and <= 0.9, "--series-fraction", "a fraction from 0 to 0.9", parse.GetValue(series));
            Require(parse.GetValue(continuation) is >= 0 and <= 1, "--continuation", "a probability from 0 to 1", parse.GetValue(continuation));
            Require(parse.GetValue(noise) is >= 0 and <= 1, "--noise", "a probability from 0 to 1", parse.GetValue(noise));

            // A small catalog caps how long a history can be (no item twice), and the long-tailed lengths need their
            // mean below the midpoint of the shortest and the longest, so both shrink with the catalog.
            var maxLength = Math.Min(defaults.MaxSequenceLength, itemCount / 2);
            var meanLength = Math.Min(defaults.MeanSequenceLength, defaults.MinSequenceLength + ((maxLength - defaults.MinSequenceLength - 2) / 2));
            var options = defaults with
            {
                Seed = parse.GetValue(seed),
                Users = parse.GetValue(users),
                Items = itemCount,
                MaxSequenceLength = maxLength,
                MeanSequenceLength = meanLength,
                SeriesFraction = parse.GetValue(series),
                ContinuationProbability = parse.GetValue(continuation),
                NoiseProbability = parse.GetValue(noise),
            };
            var generated = SyntheticDatasetGenerator.Generate(options);
            var builder = new InteractionLogBuilder();
            foreach (var record in generated.Interactions)
            {
                builder.Add(record);
            }

            var (log, _) = builder.Build();
            var folder = parse.GetValue(output)!;
            await ParquetDataWriter.WriteInteractionsAsync(Path.Combine(folder, "interactions.parquet"), log, ct).ConfigureAwait(false);
            await ParquetDataWriter.WriteItemsAsync(Path.Combine(folder, "items.parquet"), generated.Items, ct).ConfigureAwait(false);
            console.MarkupLine($"wrote [bold]{Markup.Escape(folder)}[/]: interactions.parquet, items.parquet");
            var dataset = await DatasetLoader.LoadAsync(folder, cancellationToken: ct).ConfigureAwait(false);
            DatasetView.Write(console, dataset, DatasetStatistics.Compute(dataset));
            return 0;
        });
        return command;
    }

    private static void Require(bool condition, string flag, string expected, object value)
    {
        if (!condition)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{flag}: expected {expected}; got {value}."));
        }
    }
}
