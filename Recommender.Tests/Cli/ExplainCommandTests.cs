using Recommender.Cli.Failures;
using Recommender.Cli.Charts;
using Recommender.Tests.TestSupport;
using Recommender.Training.Export;
using System.Text.RegularExpressions;
using SkiaSharp;

namespace Recommender.Tests.Cli;

/// <summary>
/// <c>recommender explain</c> on a bundle trained briefly on the cyclic data (what is checked does not depend on how
/// well it learned) and that data written as a folder.
/// </summary>
[Collection(TorchTests.Name)]
public sealed class ExplainCommandTests(TrainedBundles trained) : IClassFixture<TrainedBundles>, IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task It_draws_a_png_and_prints_where_it_went_and_what_the_last_position_reads()
    {
        using var bundle = new SavedBundle(trained.BundleWithoutText);
        var folder = CyclicData.WriteFolder(_dir);
        var output = _dir.File("figures/attention.png");

        var (exit, printed) = await CliRunner.RunAsync("explain", "--model", bundle.Path, "--input", folder, "--user", "4", "--output", output);

        Assert.True(exit == 0, printed);
        Assert.Contains($"attention maps: {Path.GetFullPath(output)}", printed, StringComparison.Ordinal);
        Assert.Contains("user 4: 11 item(s) in the data; the model read the latest 10; 2 block(s) of 2 head(s).", printed, StringComparison.Ordinal);
        Assert.Matches(@"│\s*2\s*│\s*Episode \d+ of the cycle \(0\.\d\d\)", printed);

        var bytes = await File.ReadAllBytesAsync(output);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], bytes[..8]);
        using var image = SKBitmap.Decode(bytes);
        Assert.NotNull(image);
        Assert.True(image.Width > 600 * ChartCanvas.PngScale && image.Height > 400 * ChartCanvas.PngScale, $"{image.Width}x{image.Height}");
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(output)!, ".*.tmp"));
    }

    [Fact]
    public async Task An_svg_names_the_history_items_and_the_recommendations_by_title()
    {
        using var bundle = new SavedBundle(trained.BundleWithoutText);
        var folder = CyclicData.WriteFolder(_dir);
        var output = _dir.File("attention.svg");

        var (exit, printed) = await CliRunner.RunAsync("explain", "-m", bundle.Path, "-i", folder, "-u", "4", "-o", output, "--k", "3");

        Assert.True(exit == 0, printed);
        var svg = await File.ReadAllTextAsync(output);
        Assert.StartsWith("<?xml", svg, StringComparison.Ordinal);
        Assert.Contains("<svg", svg, StringComparison.Ordinal);
        Assert.Contains("Attention of user 4", svg, StringComparison.Ordinal);

        // User 4 walked 4, 5, ..., 12, 1, 2: the model reads the latest 10, and 3 is the one item left to recommend.
        foreach (var place in new[] { 5, 9, 12, 1, 2 })
        {
            Assert.Contains($"Episode {place} of the cycle", svg, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Episode 4 of the cycle", svg, StringComparison.Ordinal);
        Assert.Contains("Top recommendation", svg, StringComparison.Ordinal);
        Assert.Contains("Episode 3 of the cycle", svg, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_say_what_is_wrong_and_exit_with_the_code_of_their_class()
    {
        using var bundle = new SavedBundle(trained.BundleWithoutText);
        var folder = CyclicData.WriteFolder(_dir);
        var strangers = _dir.Write("strangers/interactions.txt", "s1 unknown-a\ns1 unknown-b\n");
        var fused = _dir.File("fused.recbundle");
        BundleExporter.Export(trained.ModelWithoutText, trained.Split, CyclicData.Catalog(), fusedAttention: true).Save(fused);
        var png = _dir.File("out.png");

        await AssertError(ExitCodes.Bundle, ["--model", _dir.File("missing.recbundle"), "--input", folder, "--user", "4", "--output", png], "missing.recbundle': no such model bundle.");
        await AssertError(ExitCodes.Data, ["--model", bundle.Path, "--input", _dir.File("nowhere"), "--user", "4", "--output", png], "is neither a file nor a folder");
        await AssertError(ExitCodes.Data, ["--model", bundle.Path, "--input", folder, "--user", "nobody", "--output", png], "user 'nobody' is not in");
        await AssertError(ExitCodes.Data, ["--model", bundle.Path, "--input", strangers, "--user", "s1", "--output", png], "none of the 2 item(s) of user 's1'");
        await AssertError(ExitCodes.Bundle, ["--model", fused, "--input", folder, "--user", "4", "--output", png], "Export the model again without --fused-attention");
        await AssertError(ExitCodes.Usage, ["--model", bundle.Path, "--input", folder, "--user", "4", "--output", _dir.File("out.jpg")], "--output must be a .png or an .svg file");
        await AssertError(ExitCodes.Usage, ["--model", bundle.Path, "--input", folder, "--user", "4", "--output", png, "--k", "0"], "--k: expected at least 1; got 0.");
        Assert.False(File.Exists(png));
    }

    private static async Task AssertError(int exitCode, string[] args, string message)
    {
        var (exit, printed) = await CliRunner.RunAsync(["explain", .. args]);

        Assert.True(exit == exitCode, printed);
        Assert.Contains(message, Regex.Replace(printed, @"\s+", " "), StringComparison.Ordinal);
    }
}
