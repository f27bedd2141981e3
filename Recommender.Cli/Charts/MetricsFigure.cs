using System.Globalization;
using Recommender.Evaluation;
using SkiaSharp;

namespace Recommender.Cli.Charts;

/// <summary>
/// The evaluation figure: the headline metrics of every model as bars with their 95 % bootstrap intervals, and
/// NDCG@10 by history length, with the protocol printed under the title.
/// </summary>
internal static class MetricsFigure
{
    private const float Margin = 24;
    private const float PanelWidth = 420;
    private const float PanelHeight = 260;
    private const float PanelGap = 56;
    private const float Top = 106;
    private const float LegendRow = 18;

    private static readonly SKColor Grid = new(222, 226, 230);

    // Colour-blind-safe categorical colours, one per model, the model under test first.
    private static readonly SKColor[] Palette = [new(0, 114, 178), new(230, 159, 0), new(0, 158, 115), new(204, 121, 167), new(86, 180, 233)];

    /// <summary>Draws the figure of <paramref name="report"/> and writes it to <paramref name="path"/> (.png or .svg).</summary>
    public static void Save(string path, EvaluationReport report)
    {
        var models = report.Models.Select(m => m.Name).ToArray();
        var width = 2 * Margin + 2 * PanelWidth + PanelGap;
        var height = Top + PanelHeight + 70 + models.Length * LegendRow + Margin;
        using var canvas = new ChartCanvas(width, height, SKColors.White);
        canvas.Text("Offline evaluation", Margin, Margin + 16, 16, ChartColors.Ink, bold: true);
        var protocol = report.Protocol.Split("; ", 2);
        for (var line = 0; line < protocol.Length; line++)
        {
            canvas.Text(ChartCanvas.Fit(protocol[line], 10, width - 2 * Margin), Margin, Margin + 36 + line * 14, 10, ChartColors.Muted);
        }


        var headline = EvaluationReport.Headline.Select(metric => (metric, report.Intervals.Where(r => r.Metric == metric).ToArray())).ToArray();
        Bars(canvas, "Headline metrics (95 % bootstrap intervals)", Margin, Top, [.. headline.Select(h => h.metric)],
            [.. headline.Select(h => h.Item2.Select(r => (r.Value, (double?)r.Low, (double?)r.High)).ToArray())]);

        var lengths = report.Segments.Where(s => s.Dimension == ExampleSegments.HistoryLength).GroupBy(s => s.Segment).ToArray();
        Bars(canvas, "NDCG@10 by history length (examples)", Margin + PanelWidth + PanelGap, Top,
            [.. lengths.Select(g => $"{g.Key} ({g.First().Examples.ToString("N0", CultureInfo.InvariantCulture)})")],
            [.. lengths.Select(g => g.Select(s => (s.Ndcg10, (double?)null, (double?)null)).ToArray())]);

        var y = Top + PanelHeight + 56;
        for (var m = 0; m < models.Length; m++)
        {
            canvas.Rectangle(Margin, y + m * LegendRow - 9, 12, 10, Palette[m % Palette.Length]);
            canvas.Text(models[m], Margin + 18, y + m * LegendRow, 11, ChartColors.Ink);
        }

        canvas.Save(path);
    }

    /// <summary>One panel of grouped bars: a group per label, a bar per model, optional interval whiskers.</summary>
    private static void Bars(ChartCanvas canvas, string title, float x, float y, string[] groups, (double Value, double? Low, double? High)[][] values)
    {
        canvas.Text(title, x, y - 12, 12, ChartColors.Ink, bold: true);
        var max = values.SelectMany(g => g.Select(v => v.High ?? v.Value)).DefaultIfEmpty(0).Max();
        var top = Nice(max);
        for (var i = 0; i <= 4; i++)
        {
            var tickY = y + PanelHeight - PanelHeight * i / 4;
            canvas.Line(x + 36, tickY, x + PanelWidth, tickY, Grid);
            canvas.Text((top * i / 4).ToString("0.###", CultureInfo.InvariantCulture), x + 32, tickY + 4, 9, ChartColors.Muted, SKTextAlign.Right);
        }

        var groupWidth = (PanelWidth - 44) / Math.Max(groups.Length, 1);
        for (var g = 0; g < groups.Length; g++)
        {
            var bars = values[g];
            var barWidth = Math.Min(28, (groupWidth - 12) / Math.Max(bars.Length, 1));
            var start = x + 44 + g * groupWidth + (groupWidth - barWidth * bars.Length) / 2;
            for (var b = 0; b < bars.Length; b++)
            {
                var (value, low, high) = bars[b];
                var barHeight = (float)(PanelHeight * value / top);
                var barX = start + b * barWidth;
                canvas.Rectangle(barX + 1, y + PanelHeight - barHeight, barWidth - 2, barHeight, Palette[b % Palette.Length]);
                if (low is { } l && high is { } h)
                {
                    var centre = barX + barWidth / 2;
                    canvas.Line(centre, y + PanelHeight - (float)(PanelHeight * h / top), centre, y + PanelHeight - (float)(PanelHeight * l / top), ChartColors.Ink, 1.2f);
                }
            }

            canvas.Text(ChartCanvas.Fit(groups[g], 10, groupWidth - 4), x + 44 + g * groupWidth + groupWidth / 2, y + PanelHeight + 16, 10, ChartColors.Ink, SKTextAlign.Center);
        }
    }

    /// <summary>A round axis maximum just above <paramref name="value"/>.</summary>
    private static double Nice(double value)
    {
        if (value <= 0)
        {
            return 1;
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        return new[] { 1, 2, 2.5, 5, 10 }.Select(f => f * magnitude).First(v => v >= value);
    }
}
