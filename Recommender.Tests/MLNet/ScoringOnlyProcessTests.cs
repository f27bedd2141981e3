using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Recommender.MLNet;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.MLNet;

/// <summary>
/// A saved pipeline loads and scores in another process whose application references only ML.NET, its ONNX
/// transformer and Recommender.MLNet: the same scores, and no TorchSharp or training code anywhere in it.
/// </summary>
[Collection(TorchTests.Name)]
public sealed class ScoringOnlyProcessTests : IClassFixture<TrainedBundles>, IDisposable
{
    private const string AppName = "Recommender.Tests.ScoringOnly";
    private readonly TrainedBundles _trained;
    private readonly TempDirectory _directory = new();

    public ScoringOnlyProcessTests(TrainedBundles trained) => _trained = trained;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_scoring_only_application_loads_the_saved_pipeline_and_gets_the_same_scores()
    {
        var bundlePath = _directory.File("model.recbundle");
        _trained.Bundle.Save(bundlePath);
        var context = new MLContext(seed: 1);
        var rows = RecommenderScoringEstimatorTests.Rows.Select(r => new RecommenderScoringEstimatorTests.TextRow { History = r.History, CandidateItem = r.Candidate }).ToArray();
        var data = context.Data.LoadFromEnumerable(rows);
        var model = context.Transforms.ScoreWithRecommender(bundlePath).Fit(data);
        var pipeline = _directory.File("pipeline.zip");
        context.Model.Save(model, data.Schema, pipeline);
        var expected = model.Transform(data).GetColumn<float>("Score").ToArray();
        var rowsPath = _directory.Write("rows.json", JsonSerializer.Serialize(rows));
        File.Delete(bundlePath);

        var (exitCode, output, errors) = await RunAsync(pipeline, rowsPath);

        Assert.True(exitCode == 0, errors);
        var scores = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(s => float.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(expected, scores);
        var loaded = errors.Split('\n').Where(l => l.StartsWith("loaded ", StringComparison.Ordinal)).ToList();
        Assert.Contains("loaded Recommender.MLNet", loaded);
        Assert.DoesNotContain(loaded, l => l.Contains("TorchSharp", StringComparison.Ordinal) || l.Contains("Recommender.Training", StringComparison.Ordinal));
    }

    [Fact]
    public void The_scoring_only_application_depends_on_no_training_code()
    {
        var dependencies = File.ReadAllText(Path.ChangeExtension(AppPath(), ".deps.json"));

        Assert.Contains("Recommender.MLNet", dependencies, StringComparison.Ordinal);
        Assert.DoesNotContain("TorchSharp", dependencies, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("libtorch", dependencies, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Recommender.Training", dependencies, StringComparison.Ordinal);
    }

    internal static async Task<(int ExitCode, string Output, string Errors)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(AppPath());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await errors);
    }

    /// <summary>The application as built beside the tests, in the same configuration.</summary>
    private static string AppPath()
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = framework.Parent!.Name;
        var path = Path.Combine(Repository.Root, AppName, "bin", configuration, framework.Name, AppName + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{AppName} is not built; build the solution first.", path);
    }
}
