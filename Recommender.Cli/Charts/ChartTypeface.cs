using SkiaSharp;

namespace Recommender.Cli.Charts;

/// <summary>
/// The typeface charts write in: the platform's default where Skia finds one. Skia's Linux build without native
/// dependencies has no font manager that finds the system's fonts (its default typeface has no glyphs), so there a
/// font file from the usual font folders is loaded instead, a common sans-serif one when there is one.
/// </summary>
internal static class ChartTypeface
{
    private static readonly Lazy<SKTypeface> Found = new(Find);

    private static readonly string[] Preferred = ["DejaVuSans.ttf", "LiberationSans-Regular.ttf", "NotoSans-Regular.ttf", "FreeSans.ttf", "Arial.ttf", "arial.ttf"];

    /// <summary>The typeface; loaded on first use.</summary>
    /// <exception cref="InvalidOperationException">No usable font was found.</exception>
    public static SKTypeface Default => Found.Value;

    private static SKTypeface Find()
    {
        if (SKTypeface.Default.GlyphCount > 0)
        {
            return SKTypeface.Default;
        }

        var search = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, MatchCasing = MatchCasing.CaseInsensitive };
        var files = Folders().Where(Directory.Exists).SelectMany(folder => Directory.EnumerateFiles(folder, "*.ttf", search)).Order(StringComparer.Ordinal).ToList();
        foreach (var file in Preferred.SelectMany(name => files.Where(f => Path.GetFileName(f) == name)).Concat(files))
        {
            var typeface = SKTypeface.FromFile(file);
            if (typeface?.GlyphCount > 0)
            {
                return typeface;
            }

            typeface?.Dispose();
        }

        throw new InvalidOperationException("No font was found to write the chart's labels with: install one (e.g. the fonts-dejavu-core package on Debian and Ubuntu) or put a .ttf file in ~/.fonts.");
    }

    private static IEnumerable<string> Folders()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return new[] { "/usr/share/fonts", "/usr/local/share/fonts", Path.Combine(home, ".local", "share", "fonts"), Path.Combine(home, ".fonts"), Environment.GetFolderPath(Environment.SpecialFolder.Fonts) }
            .Where(folder => folder.Length > 0);
    }
}
