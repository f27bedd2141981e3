using Recommender.IO;
using SkiaSharp;

namespace Recommender.Cli.Charts;

/// <summary>
/// A drawing surface for charts that does not care about the output format: text, rectangles and lines are recorded,
/// and <see cref="Save"/> renders them to a PNG or an SVG (chosen by the file's extension), written atomically, as
/// many times as wanted; drawing ends with the first save. Coordinates are in points from the top left; a PNG has
/// <see cref="PngScale"/> pixels per point.
/// </summary>
internal sealed class ChartCanvas : IDisposable
{
    /// <summary>Pixels per point of a PNG: twice the chart's size, so small labels stay legible.</summary>
    public const int PngScale = 2;

    private const string Ellipsis = "…";
    private readonly SKPictureRecorder _recorder = new();
    private readonly SKCanvas _recording;
    private SKPicture? _picture;

    public ChartCanvas(float width, float height, SKColor background)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        Width = width;
        Height = height;
        _recording = _recorder.BeginRecording(SKRect.Create(width, height));
        Rectangle(0, 0, width, height, background);
    }

    public float Width { get; }

    public float Height { get; }

    private SKCanvas Canvas => _picture is null ? _recording : throw new InvalidOperationException("The chart was already saved; draw everything before saving.");

    /// <summary>Whether <see cref="Save"/> can write <paramref name="path"/>: a .png or an .svg file.</summary>
    public static bool CanWrite(string path) => IsPng(path) || IsSvg(path);

    public void Rectangle(float x, float y, float width, float height, SKColor fill, SKColor? outline = null)
    {
        var rect = SKRect.Create(x, y, width, height);
        using (var paint = new SKPaint { Color = fill, Style = SKPaintStyle.Fill })
        {
            Canvas.DrawRect(rect, paint);
        }

        if (outline is { } color)
        {
            using var stroke = new SKPaint { Color = color, Style = SKPaintStyle.Stroke, StrokeWidth = 1, IsAntialias = true };
            Canvas.DrawRect(rect, stroke);
        }
    }

    public void Line(float x1, float y1, float x2, float y2, SKColor color, float thickness = 1)
    {
        using var paint = new SKPaint { Color = color, StrokeWidth = thickness, IsAntialias = true };
        Canvas.DrawLine(x1, y1, x2, y2, paint);
    }

    /// <summary>
    /// Writes <paramref name="text"/> with its baseline at <paramref name="y"/>, aligned at <paramref name="x"/>,
    /// turned by <paramref name="rotation"/> degrees (clockwise) around that point.
    /// </summary>
    public void Text(string text, float x, float y, float size, SKColor color, SKTextAlign align = SKTextAlign.Left, float rotation = 0, bool bold = false)
    {
        using var font = Font(size, bold);
        using var paint = new SKPaint { Color = color, IsAntialias = true };
        var canvas = Canvas;
        canvas.Save();
        canvas.Translate(x, y);
        canvas.RotateDegrees(rotation);
        canvas.DrawText(text, 0, 0, align, font, paint);
        canvas.Restore();
    }

    /// <summary>The width <paramref name="text"/> takes at <paramref name="size"/> points.</summary>
    public static float MeasureText(string text, float size, bool bold = false)
    {
        using var font = Font(size, bold);
        return font.MeasureText(text);
    }

    /// <summary><paramref name="text"/>, cut short with an ellipsis if it is wider than <paramref name="width"/>.</summary>
    public static string Fit(string text, float size, float width, bool bold = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (MeasureText(text, size, bold) <= width)
        {
            return text;
        }

        var length = text.Length;
        while (length > 0 && MeasureText(text[..length].TrimEnd() + Ellipsis, size, bold) > width)
        {
            length--;
        }

        return text[..length].TrimEnd() + Ellipsis;
    }

    /// <summary>Renders everything drawn so far to <paramref name="path"/>: a PNG or an SVG by its extension.</summary>
    /// <exception cref="ArgumentException">The path ends in neither .png nor .svg.</exception>
    public void Save(string path)
    {
        if (!CanWrite(path))
        {
            throw new ArgumentException($"Charts are written as .png or .svg; '{path}' is neither.", nameof(path));
        }

        var picture = _picture ??= _recorder.EndRecording();
        AtomicFile.Write(path, stream =>
        {
            if (IsSvg(path))
            {
                using var svg = SKSvgCanvas.Create(SKRect.Create(Width, Height), stream);
                svg.DrawPicture(picture);
                return;
            }

            using var surface = SKSurface.Create(new SKImageInfo((int)Math.Ceiling(Width * PngScale), (int)Math.Ceiling(Height * PngScale)));
            surface.Canvas.Scale(PngScale);
            surface.Canvas.DrawPicture(picture);
            using var image = surface.Snapshot();
            using var png = image.Encode(SKEncodedImageFormat.Png, 100);
            png.SaveTo(stream);
        });
    }

    public void Dispose()
    {
        _picture?.Dispose();
        _recorder.Dispose();
    }

    private static SKFont Font(float size, bool bold) => new(ChartTypeface.Default, size) { Embolden = bold, Subpixel = true, Edging = SKFontEdging.Antialias };

    private static bool IsPng(string path) => path.EndsWith(".png", StringComparison.OrdinalIgnoreCase);

    private static bool IsSvg(string path) => path.EndsWith(".svg", StringComparison.OrdinalIgnoreCase);
}
