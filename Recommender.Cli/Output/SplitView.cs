using Recommender.Splitting;
using Spectre.Console;
using static Recommender.Cli.Output.Numbers;

namespace Recommender.Cli.Output;

/// <summary>Renders what a split did with the users, and its protocol.</summary>
internal static class SplitView
{
    public static void Write(IAnsiConsole console, DataSplit split)
    {
        var report = split.Report;
        var table = new Table().Border(TableBorder.Rounded).HideHeaders().AddColumn("").AddColumn(new TableColumn("").RightAligned());
        table.AddRow("training interactions", N(split.TrainInteractionCount));
        table.AddRow("validation targets", N(split.Validation.Count));
        table.AddRow("test targets", N(split.Test.Count));
        table.AddRow("users in training only (too short for a target)", N(report.UsersTrainingOnly));
        table.AddRow("users with a target but no training history", N(report.UsersWithoutTraining));
        console.Write(table);
        console.MarkupLine($"protocol: {Markup.Escape(report.Protocol)}");
    }
}
