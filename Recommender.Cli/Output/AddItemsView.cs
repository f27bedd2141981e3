using Recommender.Cli.Commands;
using Recommender.Data;
using Spectre.Console;
using static Recommender.Cli.Output.Numbers;

namespace Recommender.Cli.Output;

/// <summary>What <c>add-items</c> read, added, left out, and wrote.</summary>
internal static class AddItemsView
{
    private const int Examples = 5;

    public static void Write(IAnsiConsole console, ItemsToAdd sorted, ItemFileReader reader, string summary, string output, string version, int itemCount)
    {
        var table = new Table().Border(TableBorder.Rounded).HideHeaders().Title("[bold]add items[/]").AddColumn("").AddColumn(new TableColumn("").RightAligned());
        table.AddRow("items file", Markup.Escape($"{reader.FilePath} ({reader.Format})"));
        table.AddRow("  rows read / malformed rows skipped", $"{N(reader.Report.RowsRead)} / {N(reader.Report.RowsSkipped)}");
        table.AddRow("  rows repeating an earlier id (first kept)", N(reader.DuplicateIds));
        table.AddRow("[green]added (placed by their text)[/]", N(sorted.New.Count));
        table.AddRow("already known to the model (left as they are)", N(sorted.Known.Count));
        table.AddRow("without text the model reads (not added)", N(sorted.WithoutText.Count));
        table.AddRow("items in the new bundle", N(itemCount));
        console.Write(table);
        WriteExamples(console, "without text (not added)", sorted.WithoutText);
        WriteExamples(console, "already known", sorted.Known);
        console.MarkupLine($"bundle: [green]{Markup.Escape(output)}[/] (version {version}; its manifest's lineage says: {Markup.Escape(summary)})");
    }

    private static void WriteExamples(IAnsiConsole console, string what, IReadOnlyList<string> ids)
    {
        if (ids.Count > 0)
        {
            var more = ids.Count > Examples ? ", ..." : string.Empty;
            console.MarkupLine($"{what}: {Markup.Escape(string.Join(", ", ids.Take(Examples)))}{more}");
        }
    }
}
