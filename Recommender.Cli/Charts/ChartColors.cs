using SkiaSharp;

namespace Recommender.Cli.Charts;

/// <summary>The text colours every figure shares, so the charts of one run look like one family.</summary>
internal static class ChartColors
{
    /// <summary>Titles, labels and values.</summary>
    public static readonly SKColor Ink = new(33, 37, 41);

    /// <summary>Notes, axes and secondary labels.</summary>
    public static readonly SKColor Muted = new(108, 117, 125);
}
