using System.CommandLine;
using Recommender.Bundles;
using Recommender.Cli.Failures;
using Recommender.Cli.Output;
using Recommender.Data;
using Recommender.Scoring;
using Spectre.Console;

namespace Recommender.Cli.Commands;

/// <summary>
/// <c>recommender add-items</c>: a new bundle with items the model has never seen, placed by their text, for the days
/// between retrainings. The input bundle is left as it is.
/// </summary>
internal static class AddItemsCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var bundle = new BundleOptions("The model bundle to add items to (*.recbundle); it is not changed.");
        var data = new DataOptions();
        var items = new Option<string>("--items") { Description = "The new items with their text (movies.dat, u.item, CSV or Parquet, as train reads items).", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "Where to write the new bundle (not the input bundle).", Required = true };
        var command = new Command("add-items", "Write a bundle that also knows new items, placed by their text (models trained with text).")
        {
            bundle.Model, items, output, data.ItemFormat, data.Columns, data.Encoding, data.SkipBadRows, bundle.Device,
        };
        command.SetAction(async (parse, ct) =>
        {
            var modelPath = bundle.ExistingModel(parse);
            var itemsPath = parse.GetValue(items)!;
            var outputPath = parse.GetValue(output)!;
            OutputPaths.CheckFile("--output", outputPath, "model-new.recbundle", modelPath, itemsPath);
            if (!File.Exists(itemsPath))
            {
                throw CliFailure.InputData(Directory.Exists(itemsPath)
                    ? $"--items: '{itemsPath}' is a folder; give the items file."
                    : $"--items: '{itemsPath}': no such file.");
            }

            var parentVersion = BundleVersion.OfFile(modelPath);
            using var session = RecommenderSession.Load(modelPath, bundle.SessionOptions(parse));
            CheckCanPlace(session.Bundle.Manifest.Model, modelPath);
            BundleOptions.WriteNotes(console, session);

            var reader = ItemFileReader.Open(itemsPath, ReadOptions(parse, data));
            var catalog = await reader.ReadCatalogAsync(ct);
            DatasetView.WriteSkipped(console, reader.Report);
            var sorted = ItemsToAdd.Sort(catalog, session);
            session.AddItems(sorted.New);

            var summary = sorted.Summary(reader.DuplicateIds);
            var step = new BundleLineage(BundleLineage.AddItems, parentVersion, Path.GetFileName(modelPath), session.Bundle.Manifest.CreatedUtc,
                Path.GetFileName(itemsPath), summary, DateTimeOffset.UtcNow);
            session.ToBundle(step).Save(outputPath);

            AddItemsView.Write(console, sorted, reader, summary, outputPath, BundleVersion.OfFile(outputPath), session.ItemCount);
            return 0;
        });
        return command;
    }

    /// <summary>Refuses, before any item is read, a model that cannot place items by text.</summary>
    private static void CheckCanPlace(BundleModel model, string path)
    {
        if (!model.UseText)
        {
            throw CliFailure.Usage($"--model: '{path}' was trained without item text, so it cannot place new items by their text. "
                + "Train with --text on (and an items file) to add items between retrainings, or retrain with the new items' interactions.");
        }

        if (!model.TiedOutput)
        {
            throw CliFailure.Usage($"--model: '{path}' scores against a separate output table, which has no vectors for new items; "
                + "train with the tied output (the default) to add items.");
        }
    }

    private static DataReadOptions ReadOptions(ParseResult parse, DataOptions data) => new()
    {
        ItemFormat = FormatNames.ParseItemFormat(parse.GetValue(data.ItemFormat)!),
        Columns = parse.GetValue(data.Columns) is { } columns ? ColumnMapping.Parse(columns) : new ColumnMapping(),
        BadRows = parse.GetValue(data.SkipBadRows) ? BadRowPolicy.Skip : BadRowPolicy.Fail,
        Encoding = DataOptions.ParseEncoding(parse.GetValue(data.Encoding)!),
    };
}
