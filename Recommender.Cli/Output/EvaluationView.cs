using Recommender.Evaluation;
using Spectre.Console;
using static Recommender.Cli.Output.Numbers;

namespace Recommender.Cli.Output;

/// <summary>An evaluation report on the console: models side by side with intervals, coverage, segments, and the protocol.</summary>
internal static class EvaluationView
{
    public static void Write(IAnsiConsole console, EvaluationReport report)
    {
        // The console shows the essentials; the Markdown and JSON files hold every metric at every K.
        string[] metrics = [MetricNames.HitRate(1), MetricNames.HitRate(10), MetricNames.Ndcg(10), MetricNames.Ndcg(20), MetricNames.Mrr, MetricNames.Coverage(10), MetricNames.Popularity(10)];
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]full ranking[/]").AddColumn("model");
        foreach (var metric in metrics)
        {
            table.AddColumn(new TableColumn(metric).RightAligned());
        }

        foreach (var model in report.Models)
        {
            table.AddRow([Markup.Escape(model.Name), .. metrics.Select(m => F(model.Result.Get(m), m.StartsWith("ARP", StringComparison.Ordinal) ? 0 : 3))]);
        }

        console.Write(table);
        var intervals = new Table().Border(TableBorder.Rounded).Title($"[bold]95 % bootstrap intervals ({N(report.Resamples)} resamples)[/]").AddColumn("model").AddColumn("metric")
            .AddColumn(new TableColumn("value").RightAligned()).AddColumn(new TableColumn("interval").RightAligned());
        foreach (var row in report.Intervals.Concat(report.Differences))
        {
            intervals.AddRow(Markup.Escape(row.Model), row.Metric, F(row.Value, 4), $"[[{F(row.Low, 4)}, {F(row.High, 4)}]]");
        }

        console.Write(intervals);
        var segments = new Table().Border(TableBorder.Rounded).Title("[bold]NDCG@10 by segment[/]").AddColumn("segment").AddColumn(new TableColumn("examples").RightAligned());
        foreach (var model in report.Models)
        {
            segments.AddColumn(new TableColumn(Markup.Escape(model.Name)).RightAligned());
        }

        foreach (var group in report.Segments.GroupBy(s => (s.Dimension, s.Segment)))
        {
            segments.AddRow([Markup.Escape($"{group.Key.Dimension}: {group.Key.Segment}"), N(group.First().Examples), .. group.Select(s => F(s.Ndcg10, 4))]);
        }

        console.Write(segments);
        console.MarkupLine($"targets' mean training interactions: {F(report.Models[0].Result.Get(MetricNames.TargetPopularity), 1)} (compare ARP@10, the recommendations' mean)");
        if (report.Models.FirstOrDefault(m => m.Result.Sampled is not null)?.Result.Sampled is { } sampled)
        {
            console.MarkupLine($"[yellow]{Markup.Escape(sampled.Protocol)}:[/] " + string.Join("; ", report.Models.Where(m => m.Result.Sampled is not null)
                .Select(m => Markup.Escape($"{m.Name}: sampled HR@10 {F(m.Result.Sampled!.Metrics[MetricNames.HitRate(10)], 4)}, sampled NDCG@10 {F(m.Result.Sampled.Metrics[MetricNames.Ndcg(10)], 4)}"))));
        }

        if (report.Verdict() is { } verdict)
        {
            var better = report.AgainstStrongest.First(r => r.Metric == MetricNames.Ndcg(10)).Low > 0;
            console.MarkupLine($"[{(better ? "green" : "yellow")}]{Markup.Escape(verdict)}[/]");
        }

        console.MarkupLine($"protocol: {Markup.Escape(report.Protocol)}");
    }
}
