using System.Globalization;
using Recommender.BatchScoring;
using Spectre.Console;
using static Recommender.Cli.Output.Numbers;

namespace Recommender.Cli.Output;

/// <summary>What a batch scoring run read, scored and wrote.</summary>
internal static class BatchScoringView
{
    public static void Write(IAnsiConsole console, BatchScoringReport report, HistoryFile input, string output, BatchScoringOptions options)
    {
        var seconds = Math.Max(report.Elapsed.TotalSeconds, 1e-9);
        var table = new Table().Border(TableBorder.Rounded).HideHeaders().Title("[bold]batch scoring[/]").AddColumn("").AddColumn(new TableColumn("").RightAligned());
        table.AddRow("input", Markup.Escape($"{input.FilePath} ({input.Report.Format})"));
        table.AddRow("  rows read / malformed rows skipped", $"{N(input.Report.RowsRead)} / {N(input.Report.RowsSkipped)}");
        table.AddRow("users read", N(report.UsersRead));
        table.AddRow($"users scored (shard {options.Shard})", N(report.UsersScored));
        table.AddRow("users left to other shards", N(report.UsersInOtherShards));
        table.AddRow("users with no item the model knows (popularity ranking)", N(report.UsersWithoutKnownItems));
        table.AddRow("history items the model does not know (skipped)", N(report.UnknownItems));
        table.AddRow("histories longer than the model reads (latest items read)", N(report.HistoriesTruncated));
        table.AddRow($"rows written (top {options.TopK}, seen items {(options.ExcludeSeen ? "excluded" : "allowed")})", N(report.RowsWritten));
        table.AddRow("time", string.Create(CultureInfo.InvariantCulture, $"{report.Elapsed.TotalSeconds:F1} s, {report.UsersScored / seconds:N0} users/s"));
        console.Write(table);
        DatasetView.WriteSkipped(console, input.Report);
        if (report.UsersScored > 0 && report.UsersWithoutKnownItems * 2 > report.UsersScored)
        {
            console.MarkupLine($"[yellow]warning: {N(report.UsersWithoutKnownItems)} of {N(report.UsersScored)} users have no item the model knows, so they got the popularity ranking, not the model's; "
                + "is the model trained on these items (the same ids)?[/]");
        }

        console.MarkupLine($"recommendations: [green]{Markup.Escape(output)}[/] (Parquet: user_id, rank, item_id, score)");
    }
}
