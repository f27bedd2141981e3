using SkiaSharp;

namespace Recommender.Cli.Charts;

/// <summary>
/// The typeface charts write in: DejaVu Sans, carried inside the program. Skia's Linux build without native
/// dependencies finds no system fonts, and container images usually have none, so a chart never depends on what is
/// installed; it also makes the same chart come out the same on every machine.
/// </summary>
internal static class ChartTypeface
{
    private const string Resource = "Recommender.Cli.Charts.DejaVuSans.ttf";

    private static readonly Lazy<SKTypeface> Loaded = new(Load);

    /// <summary>The typeface; loaded on first use.</summary>
    public static SKTypeface Default => Loaded.Value;

    private static SKTypeface Load()
    {
        using var stream = typeof(ChartTypeface).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The program's chart font ({Resource}) is missing from its assembly; the build is incomplete.");
        // Not disposed: the typeface reads its glyphs from this data for the life of the process.
        var data = SKData.Create(stream);
        return SKTypeface.FromData(data) is { GlyphCount: > 0 } typeface
            ? typeface
            : throw new InvalidOperationException($"The program's chart font ({Resource}) cannot be read; the build is damaged.");
    }
}
