using Recommender.Explain;
using Recommender.Scoring;
using SkiaSharp;
using static Recommender.Cli.Output.Numbers;

namespace Recommender.Cli.Charts;

/// <summary>
/// The attention figure of one user: one heatmap per block and head (blocks down, heads across), rows the positions
/// attending and columns the positions read, labelled with item titles; beside it, the top recommendations.
/// </summary>
internal static class AttentionFigure
{
    private const float Margin = 24;
    private const float PanelGap = 28;
    private const float PanelTitle = 18;
    private const float HeaderHeight = 96;
    private const float ListGap = 40;
    private const float ListWidth = 300;
    private const float ListRow = 18;
    private const float MaxLabelWidth = 180;
    private const string Guide = "Rows: the position attending; columns: the positions it reads. The top block computes only the last position, whose state is the user vector.";

    // Wide enough for a few dozen titled cells, yet a 200-item history still fits a screen.
    private const float MaxGridSide = 560;

    private static readonly SKColor Frame = new(173, 181, 189);

    // A white-to-blue sequential scale: equal steps in weight look like equal steps in shade.
    private static readonly SKColor[] Shades = [new(247, 251, 255), new(198, 219, 239), new(107, 174, 214), new(33, 113, 181), new(8, 48, 107)];

    /// <summary>Draws the figure for <paramref name="user"/> and writes it to <paramref name="path"/> (.png or .svg).</summary>
    public static void Save(string path, AttentionMaps maps, IReadOnlyList<Recommendation> recommendations, string user, string model)
    {
        var layout = new Layout(maps);
        var gridWidth = maps.Heads * layout.PanelWidth + (maps.Heads - 1) * PanelGap;
        var gridHeight = Enumerable.Range(0, maps.Layers).Sum(l => layout.PanelHeight(maps[l, 0])) + (maps.Layers - 1) * PanelGap;
        var listHeight = (2 + Math.Max(recommendations.Count, 1)) * ListRow;
        string[] notes = [Reading(maps), Guide];
        var width = 2 * Margin + Math.Max(gridWidth + ListGap + ListWidth, notes.Max(n => ChartCanvas.MeasureText(n, 11)));
        var height = Margin + HeaderHeight + Math.Max(gridHeight, listHeight) + Margin;

        using var canvas = new ChartCanvas(width, height, SKColors.White);
        Header(canvas, notes, user, model, width);
        var y = Margin + HeaderHeight;
        for (var layer = 0; layer < maps.Layers; layer++)
        {
            for (var head = 0; head < maps.Heads; head++)
            {
                Panel(canvas, layout, maps[layer, head], layer == maps.Layers - 1, Margin + head * (layout.PanelWidth + PanelGap), y);
            }

            y += layout.PanelHeight(maps[layer, 0]) + PanelGap;
        }

        Recommendations(canvas, recommendations, Margin + gridWidth + ListGap, Margin + HeaderHeight);
        canvas.Save(path);
    }

    private static void Header(ChartCanvas canvas, string[] notes, string user, string model, float width)
    {
        canvas.Text($"Attention of user {user}", Margin, Margin + 16, 16, ChartColors.Ink, bold: true);
        canvas.Text(ChartCanvas.Fit(model, 11, width / 2), width - Margin, Margin + 16, 11, ChartColors.Muted, SKTextAlign.Right);
        for (var i = 0; i < notes.Length; i++)
        {
            canvas.Text(notes[i], Margin, Margin + 38 + i * 16, 11, ChartColors.Ink);
        }

        // The legend. Rows are shaded each on its own scale: a causal row i spreads over i + 1 keys, so on one scale
        // the first rows (which have little to choose from) would swamp every later one.
        var x = Margin;
        var legendY = Margin + 66;
        canvas.Text("0", x, legendY + 10, 10, ChartColors.Muted);
        x += 12;
        const int steps = 40;
        for (var i = 0; i < steps; i++)
        {
            canvas.Rectangle(x + i * 3, legendY + 1, 3, 10, Shade((i + 0.5f) / steps));
        }

        canvas.Text("the row's largest weight; numbers in cells (where they fit) are weights in %", x + steps * 3 + 6, legendY + 10, 10, ChartColors.Muted);
    }

    /// <summary>What was read of the history.</summary>
    private static string Reading(AttentionMaps maps)
    {
        var read = $"{maps.Positions.Count(p => !p.IsMask)} history item(s) read, oldest first";
        if (maps.EarlierItems > 0)
        {
            read += $"; {maps.EarlierItems} earlier item(s) not read (the model reads the latest only)";
        }

        if (maps.UnknownItems > 0)
        {
            read += $"; {maps.UnknownItems} item(s) the model does not know skipped";
        }

        if (maps.Positions[^1].IsMask)
        {
            read += $"; the user vector is read at the trailing {AttentionPosition.MaskTitle}";
        }

        return read + ".";
    }

    private static void Panel(ChartCanvas canvas, Layout layout, AttentionMap map, bool top, float x, float y)
    {
        var title = $"block {map.Layer + 1}, head {map.Head + 1}{(top ? ": the last position only" : "")}";
        canvas.Text(ChartCanvas.Fit(title, 11, layout.PanelWidth, bold: true), x, y + 12, 11, ChartColors.Ink, bold: true);

        var cell = layout.Cell;
        var rowHeight = layout.RowHeight(map);
        var gap = cell >= 8 ? 1 : 0;
        var left = x + layout.LabelWidth;
        var gridTop = y + PanelTitle + layout.LabelWidth;
        var keys = map.KeyCount;
        for (var key = 0; key < keys; key++)
        {
            if (layout.Labelled(key))
            {
                canvas.Text(layout.Labels[key], left + key * cell + cell / 2 + layout.LabelSize * 0.35f, gridTop - 4, layout.LabelSize, ChartColors.Ink, rotation: -90);
            }
        }

        for (var row = 0; row < map.QueryCount; row++)
        {
            var query = map.FirstQuery + row;
            var rowTop = gridTop + row * rowHeight;
            if (layout.Labelled(query) || map.QueryCount == 1)
            {
                canvas.Text(layout.Labels[query], left - 4, rowTop + rowHeight / 2 + layout.LabelSize * 0.35f, layout.LabelSize, ChartColors.Ink, SKTextAlign.Right);
            }

            var weights = map.Row(query);
            var largest = Max(weights);
            for (var key = 0; key < keys; key++)
            {
                var shade = largest > 0 ? weights[key] / largest : 0;
                canvas.Rectangle(left + key * cell, rowTop, cell - gap, rowHeight - gap, Shade(shade));
                if (cell >= 18 && weights[key] >= 0.005f)
                {
                    canvas.Text(F(weights[key] * 100, 0), left + key * cell + (cell - gap) / 2, rowTop + rowHeight / 2 + 2.5f, 6.5f, shade > 0.55f ? SKColors.White : ChartColors.Ink, SKTextAlign.Center);
                }
            }
        }

        canvas.Rectangle(left - 0.5f, gridTop - 0.5f, keys * cell, map.QueryCount * rowHeight, SKColors.Transparent, Frame);
    }

    private static void Recommendations(ChartCanvas canvas, IReadOnlyList<Recommendation> recommendations, float x, float y)
    {
        var count = recommendations.Count;
        canvas.Text(count == 1 ? "Top recommendation" : $"Top {count} recommendations", x, y + 12, 12, ChartColors.Ink, bold: true);
        canvas.Line(x, y + 18, x + ListWidth, y + 18, Frame);
        if (count == 0)
        {
            canvas.Text("none: every item is in the history", x, y + 2 * ListRow, 11, ChartColors.Muted);
        }

        for (var i = 0; i < recommendations.Count; i++)
        {
            var r = recommendations[i];
            var baseline = y + 2 * ListRow + i * ListRow;
            canvas.Text($"{i + 1}.", x + 18, baseline, 11, ChartColors.Muted, SKTextAlign.Right);
            canvas.Text(ChartCanvas.Fit(r.Title.Length > 0 ? r.Title : r.ItemId, 11, ListWidth - 84), x + 24, baseline, 11, ChartColors.Ink);
            canvas.Text(F(r.Score, 3), x + ListWidth, baseline, 11, ChartColors.Muted, SKTextAlign.Right);
        }
    }

    /// <summary>The colour of <paramref name="t"/> in [0, 1] on the white-to-blue scale.</summary>
    private static SKColor Shade(float t)
    {
        var at = Math.Clamp(t, 0, 1) * (Shades.Length - 1);
        var i = Math.Min((int)at, Shades.Length - 2);
        var f = at - i;
        var (a, b) = (Shades[i], Shades[i + 1]);
        return new SKColor(Mix(a.Red, b.Red, f), Mix(a.Green, b.Green, f), Mix(a.Blue, b.Blue, f));
    }

    private static byte Mix(byte a, byte b, float f) => (byte)Math.Round(a + (b - a) * f);

    private static float Max(ReadOnlySpan<float> values)
    {
        var max = 0f;
        foreach (var v in values)
        {
            max = Math.Max(max, v);
        }

        return max;
    }

    /// <summary>Sizes every panel shares: the cell side, and the labels (titles, cut to fit) with their size and spacing.</summary>
    private sealed class Layout
    {
        private readonly int _stride;

        public Layout(AttentionMaps maps)
        {
            var positions = maps.Positions.Count;
            Cell = Math.Clamp(MaxGridSide / positions, 3f, 22f);

            // Every position is labelled while cells are tall enough for a line of text; past that, every stride-th.
            _stride = (int)Math.Ceiling(8 / Cell);
            LabelSize = Math.Clamp(Cell * _stride - 2, 6f, 10f);
            Labels = [.. maps.Positions.Select(p => ChartCanvas.Fit(p.Label, LabelSize, MaxLabelWidth))];
            LabelWidth = Labels.Max(l => ChartCanvas.MeasureText(l, LabelSize)) + 6;
            PanelWidth = Math.Max(LabelWidth + positions * Cell, 200);
        }

        public float Cell { get; }

        public float LabelSize { get; }

        public string[] Labels { get; }

        public float LabelWidth { get; }

        public float PanelWidth { get; }

        /// <summary>Whether position <paramref name="position"/> gets a label; the last one always does.</summary>
        public bool Labelled(int position) => (Labels.Length - 1 - position) % _stride == 0;

        /// <summary>The height of a row: a single row (the top block's) is kept tall enough to read.</summary>
        public float RowHeight(AttentionMap map) => map.QueryCount == 1 ? Math.Max(Cell, 16) : Cell;

        public float PanelHeight(AttentionMap map) => PanelTitle + LabelWidth + map.QueryCount * RowHeight(map);
    }
}
