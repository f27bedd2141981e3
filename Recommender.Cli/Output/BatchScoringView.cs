using System.Globalization;
using Recommender.BatchScoring;
using Spectre.Console;
using static Recommender.Cli.Output.Numbers;

namespace Recommender.Cli.Output;

/// <summary>What a batch scoring run read, scored and wrote.</summary>
internal static class BatchScoringView
{
    /// <param name="console">Where to write.</param>
    /// <param name="report">What the run did.</param>
    /// <param name="parts">For an output folder, what this shard's part did to the folder; null for an output file.</param>
    /// <param name="input">The histories read.</param>
    /// <param name="output">The output file or folder.</param>
    /// <param name="options">The options of the run.</param>
    public static void Write(IAnsiConsole console, BatchScoringReport report, FolderScoringReport? parts, HistorySource input, string output, BatchScoringOptions options)
    {
        var seconds = Math.Max(report.Elapsed.TotalSeconds, 1e-9);
        var table = new Table().Border(TableBorder.Rounded).HideHeaders().Title("[bold]batch scoring[/]").AddColumn("").AddColumn(new TableColumn("").RightAligned());
        table.AddRow("input", Markup.Escape($"{input.Report.FilePath} ({input.Report.Format})"));
        if (input is PartitionedHistories)
        {
            table.AddRow("  files read", N(input.Report.FilesRead));
        }

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

        if (parts is null)
        {
            console.MarkupLine($"recommendations: [green]{Markup.Escape(output)}[/] (Parquet: user_id, rank, item_id, score)");
            return;
        }

        console.MarkupLine($"part written: [green]{Markup.Escape(parts.PartPath)}[/] (Parquet: user_id, rank, item_id, score)");
        console.MarkupLine(Markup.Escape(Success(parts, output, options.Shard.Count)));
    }

    private static string Success(FolderScoringReport parts, string folder, int count)
    {
        const string success = RecommendationFolder.SuccessFileName;
        if (parts.RunComplete)
        {
            return $"{success} written: all {count} parts are in {folder}";
        }

        if (parts.PartsMissing.Count == 0)
        {
            return $"{success} not yet: a part is being written again; its shard writes {success} when done";
        }

        var missing = string.Join(", ", parts.PartsMissing.Take(5).Select(i => RecommendationFolder.PartFileName(new Shard(i, count))));
        return $"{success} not yet: {parts.PartsMissing.Count} of {count} parts missing ({missing}{(parts.PartsMissing.Count > 5 ? ", …" : string.Empty)}); the last shard to finish writes it";
    }
}
