using Recommender.Cli.Failures;
using Recommender.Bundles;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Cli;

[Collection(TorchTests.Name)]
public sealed class TrainAndRecommendCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Train_writes_a_bundle_that_recommend_reads_with_titles()
    {
        var folder = CyclicData.WriteFolder(_dir);
        var bundle = _dir.File("model.recbundle");

        var (trainExit, trainOutput) = await CliRunner.RunAsync("train", "--input", folder, "--output", bundle, "--epochs", "2", "--dim", "16", "--layers", "1",
            "--heads", "2", "--max-len", "8", "--batch-size", "8", "--text", "on", "--fused-attention", "--transitions", "off", "--quiet");

        Assert.True(trainExit == 0, trainOutput);
        Assert.Contains("bundle: ", trainOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("item-transition term", trainOutput, StringComparison.Ordinal);
        var loaded = ModelBundle.Load(bundle);
        Assert.Null(loaded.Manifest.Model.Transitions);
        Assert.Equal(8, loaded.Manifest.Model.MaxLength);
        Assert.True(loaded.Manifest.Model.UseText);
        Assert.True(loaded.Manifest.Model.FusedAttention);

        var (exit, output) = await CliRunner.RunAsync("recommend", "--model", bundle, "--history", "3 4 nope 5", "--k", "4");

        Assert.True(exit == 0, output);
        Assert.Contains("skipped 1 item id(s) the model does not know: nope", output, StringComparison.Ordinal);
        Assert.Matches(@"│\s*4\s*│\s*\d+\s*│\s*Episode \d+ of the cycle", output);
        Assert.DoesNotContain("Episode 5 of the cycle", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resume_without_a_checkpoint_is_refused_before_any_training_instead_of_starting_over()
    {
        var folder = CyclicData.WriteFolder(_dir);
        var bundle = _dir.File("resumed.recbundle");

        var (exit, output) = await CliRunner.RunAsync("train", "--input", folder, "--output", bundle, "--epochs", "1", "--dim", "16", "--resume", "--quiet");

        Assert.Equal(2, exit);
        Assert.Contains($"error: --resume: there is no checkpoint to continue from ({bundle}.ckpt)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("epoch", output, StringComparison.Ordinal);
        Assert.False(File.Exists(bundle));
        Assert.False(File.Exists(bundle + ".metrics.jsonl"));
    }

    [Fact]
    public async Task Train_configures_itself_from_the_data_prints_why_and_records_it_in_the_bundle_with_given_flags_winning()
    {
        var folder = CyclicData.WriteFolder(_dir);
        var bundle = _dir.File("auto.recbundle");

        var (exit, output) = await CliRunner.RunAsync("train", "--input", folder, "--output", bundle, "--time-budget", "5", "--epochs", "2", "--dim", "16", "--quiet");

        Assert.True(exit == 0, output);
        Assert.Contains("configuration (flags given win over the rules):", output, StringComparison.Ordinal);
        Assert.Contains("--dim 16  given", output, StringComparison.Ordinal);
        Assert.Matches(@"--max-len 50  99 % of training histories have at most \d+ items", output);
        Assert.Contains("2 epochs are planned", output, StringComparison.Ordinal);
        var training = ModelBundle.Load(bundle).Manifest.Training;
        Assert.Equal(16, ModelBundle.Load(bundle).Manifest.Model.Dim);
        Assert.Equal("2", training.Settings["epochs"]);
        Assert.Equal(2, training.EpochsTrained);
        Assert.NotNull(training.Configuration);
        Assert.Contains(training.Configuration, c => c is { Setting: "--dim", Value: "16", Reason: "given" });
        Assert.Contains(training.Configuration, c => c is { Setting: "--epochs", Value: "2", Reason: "given" });
        Assert.Contains(training.Configuration, c => c is { Setting: "--lr-schedule", Value: "cosine" } && c.Reason.Contains("cosine", StringComparison.Ordinal));

        // The term is fitted by default; whether it pays on this data, the line printed and the manifest agree.
        Assert.Contains(training.Configuration, c => c is { Setting: "--transitions", Value: "auto" });
        var term = ModelBundle.Load(bundle).Manifest.Model.Transitions;
        Assert.Contains(term is null ? "item-transition term not used" : "item-transition term weight", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recommend_refuses_a_file_that_is_not_a_bundle()
    {
        var path = _dir.Write("not-a-bundle.recbundle", "hello");

        var (exit, output) = await CliRunner.RunAsync("recommend", "--model", path, "--history", "1 2");

        Assert.Equal(ExitCodes.Bundle, exit);
        Assert.Contains("is not a readable bundle", output, StringComparison.Ordinal);
    }
}
