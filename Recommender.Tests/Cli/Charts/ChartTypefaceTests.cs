using Recommender.Cli.Charts;
using SkiaSharp;

namespace Recommender.Tests.Cli.Charts;

public sealed class ChartTypefaceTests
{
    [Fact]
    public void Charts_write_in_the_font_the_program_carries_whatever_the_machine_has_installed()
    {
        var typeface = ChartTypeface.Default;

        Assert.Equal("DejaVu Sans", typeface.FamilyName);
        using var font = new SKFont(typeface, 12);
        var glyphs = font.GetGlyphs("Amélie — NDCG@10");
        Assert.DoesNotContain((ushort)0, glyphs);
        Assert.True(font.MeasureText("NDCG@10") > 10);
    }
}
