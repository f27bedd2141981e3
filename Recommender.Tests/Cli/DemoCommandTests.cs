using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Cli;

[Collection(TorchTests.Name)]
public sealed class DemoCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task The_demo_runs_the_whole_job_and_says_where_every_file_went()
    {
        var data = CyclicData.WriteFolder(_directory);
        var output = _directory.File("run");

        var (exit, text) = await CliRunner.RunAsync("demo", "--input", data, "--output-dir", output, "--epochs", "1", "--quiet");

        Assert.True(exit == 0, text);
        foreach (var step in new[] { "1. data", "2. split", "4. training", "5. evaluation on the test targets, against the baselines", "6. batch scoring", "7. one test user" })
        {
            Assert.Contains(step, text, StringComparison.Ordinal);
        }

        Assert.Contains("protocol: full ranking over 12 items", text, StringComparison.Ordinal);
        foreach (var file in new[] { "model.recbundle", "metrics.jsonl", "recommendations.parquet", "attention.png", "evaluation/evaluation.md", "evaluation/evaluation.json", "evaluation/evaluation.png", "evaluation/evaluation.svg" })
        {
            var path = Path.Combine(output, file);
            Assert.True(File.Exists(path), $"{file} is missing");
            Assert.Contains(path, text, StringComparison.Ordinal);
        }
    }
}
