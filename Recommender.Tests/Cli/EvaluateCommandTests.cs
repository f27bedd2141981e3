using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Cli;

[Collection(TorchTests.Name)]
public sealed class EvaluateCommandTests : IClassFixture<TrainedBundles>, IDisposable
{
    private readonly SavedBundle _saved;

    public EvaluateCommandTests(TrainedBundles trained) => _saved = new SavedBundle(trained.BundleWithoutText);

    public void Dispose() => _saved.Dispose();

    [Fact]
    public async Task Evaluate_compares_the_bundle_with_the_baselines_and_writes_markdown_json_and_charts()
    {
        var data = CyclicData.WriteFolder(_saved.Directory);
        var output = _saved.Directory.File("evaluation");

        var (exit, text) = await CliRunner.RunAsync("evaluate", "--model", _saved.Path, "--input", data, "--output-dir", output, "--bootstrap", "50", "--sampled-negatives", "5");

        Assert.True(exit == 0, text);
        Assert.Contains("protocol: full ranking over 12 items (no sampled negatives)", text, StringComparison.Ordinal);
        Assert.Contains("SAMPLED: each target ranked among 5 random items", text, StringComparison.Ordinal);
        foreach (var baseline in new[] { "item-KNN (co-occurrence)", "item-transition", "EASE (linear item-item)" })
        {
            Assert.Contains(baseline, text, StringComparison.Ordinal);
        }

        // The cyclic data is pure first-order transitions, so the transition baseline is the one to beat.
        Assert.Contains("the strongest baseline, item-transition: NDCG@10 difference", text, StringComparison.Ordinal);
        Assert.Contains("## Against the strongest baseline", await File.ReadAllTextAsync(Path.Combine(output, "evaluation.md")), StringComparison.Ordinal);
        Assert.Contains("| popularity |", await File.ReadAllTextAsync(Path.Combine(output, "evaluation.md")), StringComparison.Ordinal);
        Assert.Contains("\"protocol\"", await File.ReadAllTextAsync(Path.Combine(output, "evaluation.json")), StringComparison.Ordinal);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], (await File.ReadAllBytesAsync(Path.Combine(output, "evaluation.png")))[..4]);
        Assert.Contains("NDCG@10 by history length", await File.ReadAllTextAsync(Path.Combine(output, "evaluation.svg")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Baselines_can_be_chosen_and_fit_times_are_reported()
    {
        var data = CyclicData.WriteFolder(_saved.Directory);
        var output = _saved.Directory.File("chosen");

        var (exit, text) = await CliRunner.RunAsync("evaluate", "--model", _saved.Path, "--input", data, "--baselines", "popularity,ease", "--output-dir", output, "--bootstrap", "20");

        Assert.True(exit == 0, text);
        Assert.Contains("EASE (linear item-item): fitted in", text, StringComparison.Ordinal);
        Assert.DoesNotContain("item-transition", text, StringComparison.Ordinal);
        Assert.DoesNotContain("item-KNN", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_baseline_is_an_input_error_naming_the_known_ones()
    {
        var data = CyclicData.WriteFolder(_saved.Directory);

        var (exit, text) = await CliRunner.RunAsync("evaluate", "--model", _saved.Path, "--input", data, "--baselines", "random", "--output-dir", _saved.Directory.File("out"));

        Assert.Equal(2, exit);
        Assert.Contains("--baselines: unknown baseline 'random'; expected any of popularity,item-knn,item-transition,ease, or none.", text, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_saved.Directory.File("out")));
    }
}
