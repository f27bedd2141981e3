using System.Globalization;
using Recommender.Data;
using Spectre.Console;
using static Recommender.Cli.Output.Numbers;

namespace Recommender.Cli.Output;

/// <summary>Renders a dataset's statistics and read report as console tables.</summary>
internal static class DatasetView
{
    public static void Write(IAnsiConsole console, Dataset dataset, DatasetStatistics statistics)
    {
        var table = new Table().Border(TableBorder.Rounded).HideHeaders().Title("[bold]dataset[/]").AddColumn("").AddColumn(new TableColumn("").RightAligned());
        table.AddRow("users", N(statistics.Users));
        table.AddRow("items", N(statistics.Items));
        table.AddRow("interactions", N(statistics.Interactions));
        table.AddRow("density", statistics.Density.ToString("P3", CultureInfo.InvariantCulture));
        table.AddRow("sequence length min / mean / max", $"{N(statistics.MinSequenceLength)} / {F(statistics.MeanSequenceLength, 1)} / {N(statistics.MaxSequenceLength)}");
        table.AddRow(
            "sequence length " + string.Join(" / ", DatasetStatistics.Percentiles.Select(p => $"p{p}")),
            string.Join(" / ", statistics.SequenceLengthPercentiles.Select(p => N(p))));
        table.AddRow(
            "interactions per item " + string.Join(" / ", DatasetStatistics.Percentiles.Select(p => $"p{p}")),
            string.Join(" / ", statistics.ItemInteractionPercentiles.Select(p => N(p))));
        table.AddRow("interactions on the top 1 % of items", statistics.TopPercentItemsShare.ToString("P1", CultureInfo.InvariantCulture));
        table.AddRow("users too short for leave-one-out (< 3)", N(statistics.UsersTooShortForLeaveOneOut));
        table.AddRow("timestamps", statistics.TimeRange is { } range
            ? $"{Time(range.First)} .. {Time(range.Last)}"
            : "none (file order is time order)");
        if (dataset.Items is not null)
        {
            table.AddRow("catalog items", N(statistics.CatalogItems));
            table.AddRow("interacted items with a title", $"{N(statistics.ItemsWithTitle)} of {N(statistics.Items)}");
        }

        console.Write(table);
        WriteReport(console, dataset.Report);
    }

    public static void WriteReport(IAnsiConsole console, DataReport report)
    {
        var table = new Table().Border(TableBorder.Rounded).HideHeaders().Title("[bold]read report[/]").AddColumn("").AddColumn(new TableColumn("").RightAligned());
        AddFile(table, "interactions", report.Interactions);
        if (report.Items is { } items)
        {
            AddFile(table, "items", items);
            table.AddRow("  repeated item ids (first kept)", N(report.DuplicateCatalogIds));
        }

        table.AddRow("exact duplicate interactions", N(report.Duplicates.Exact));
        table.AddRow("  dropped", N(report.Duplicates.Dropped));
        table.AddRow("repeat interactions (same item again later; kept)", N(report.Duplicates.Repeats));
        if (report.Items is not null)
        {
            table.AddRow("interacted items missing from the catalog (kept, no text)", $"{N(report.ItemsMissingFromCatalog)} items, {N(report.InteractionsWithItemsMissingFromCatalog)} interactions");
            table.AddRow("catalog items never interacted with", N(report.CatalogItemsWithoutInteractions));
        }

        console.Write(table);
        foreach (var file in new[] { report.Interactions, report.Items })
        {
            if (file is not null)
            {
                WriteSkipped(console, file);
            }
        }
    }

    /// <summary>How many malformed rows a reader skipped in a file, with the first few named.</summary>
    public static void WriteSkipped(IAnsiConsole console, ReadReport file)
    {
        if (file.RowsSkipped == 0)
        {
            return;
        }

        console.MarkupLine($"[yellow]skipped {N(file.RowsSkipped)} malformed rows in {Markup.Escape(file.FilePath)}; the first {file.SkippedExamples.Count}:[/]");
        foreach (var row in file.SkippedExamples)
        {
            console.MarkupLine($"  {Markup.Escape(row.Location)}: {Markup.Escape(row.Reason)}");
        }
    }

    private static void AddFile(Table table, string what, ReadReport file)
    {
        table.AddRow($"{what} file", Markup.Escape($"{file.FilePath} ({file.Format})"));
        if (file.Encoding is not null)
        {
            table.AddRow("  encoding", Markup.Escape($"{file.Encoding} ({file.EncodingDecision})"));
        }

        table.AddRow("  rows read", N(file.RowsRead));
        table.AddRow("  malformed rows skipped", N(file.RowsSkipped));
        table.AddRow("  blank lines", N(file.LinesIgnored));
    }

    private static string Time(long unixSeconds) =>
        unixSeconds is > 0 and < 32503680000
            ? DateTimeOffset.FromUnixTimeSeconds(unixSeconds).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : unixSeconds.ToString(CultureInfo.InvariantCulture);
}
