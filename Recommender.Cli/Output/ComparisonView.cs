using Recommender.Evaluation;
using Spectre.Console;
using static Recommender.Cli.Output.Numbers;

namespace Recommender.Cli.Output;

/// <summary>Prints several models' metrics on the same targets side by side, with the protocol they were measured under.</summary>
internal static class ComparisonView
{
    public static void Write(IAnsiConsole console, IReadOnlyList<(string Name, EvaluationResult Result)> rows)
    {
        var metrics = new[] { MetricNames.HitRate(10), MetricNames.Ndcg(10), MetricNames.HitRate(20), MetricNames.Ndcg(20), MetricNames.Mrr };
        var table = new Table().Border(TableBorder.Rounded).AddColumn("model");
        foreach (var metric in metrics)
        {
            table.AddColumn(new TableColumn(metric).RightAligned());
        }

        foreach (var (name, result) in rows)
        {
            table.AddRow([Markup.Escape(name), .. metrics.Select(m => F(result.Get(m), 4))]);
        }

        console.Write(table);
        console.MarkupLine($"protocol: {Markup.Escape(rows[0].Result.Protocol)}");
    }
}
