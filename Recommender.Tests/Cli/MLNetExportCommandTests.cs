using Recommender.Cli.Failures;
using Microsoft.ML;
using Microsoft.ML.Data;
using Recommender.MLNet;
using Recommender.Scoring;
using Recommender.Tests.MLNet;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Cli;

[Collection(TorchTests.Name)]
public sealed class MLNetExportCommandTests : IClassFixture<TrainedBundles>, IDisposable
{
    private readonly TrainedBundles _trained;
    private readonly SavedBundle _saved;

    public MLNetExportCommandTests(TrainedBundles trained)
    {
        _trained = trained;
        _saved = new SavedBundle(trained.Bundle);
    }

    public void Dispose() => _saved.Dispose();

    [Fact]
    public async Task The_exported_model_takes_History_and_CandidateItem_and_gives_the_sessions_Score()
    {
        var path = _saved.Directory.File("pipeline.zip");

        var (exit, output) = await CliRunner.RunAsync("mlnet-export", "--model", _saved.Path, "--output", path, "--id-type", "int64");

        Assert.True(exit == 0, output);
        Assert.Contains("input:  Int64[] History, Int64 CandidateItem", output, StringComparison.Ordinal);
        Assert.Contains("output: Single Score", output, StringComparison.Ordinal);
        var context = new MLContext();
        context.ComponentCatalog.RegisterRecommender();
        var model = context.Model.Load(path, out _);
        long[][] histories = [[1, 2, 3], [7, 8], []];
        var rows = histories.Select(h => new RecommenderScoringEstimatorTests.Int64Row { History = h, CandidateItem = 9 }).ToArray();
        var scores = model.Transform(context.Data.LoadFromEnumerable(rows)).GetColumn<float>("Score").ToArray();
        using var session = new RecommenderSession(_trained.Bundle);
        var expected = histories.Select(h => session.Score(h.Select(i => $"{i}"), ["9"])[0]).ToArray();
        Assert.Equal(expected, scores, (a, b) => Math.Abs(a - b) <= 1e-5f);
    }

    [Fact]
    public async Task A_missing_bundle_is_a_bundle_error_and_nothing_is_written()
    {
        var path = _saved.Directory.File("pipeline.zip");

        var (exit, output) = await CliRunner.RunAsync("mlnet-export", "--model", _saved.Directory.File("missing.recbundle"), "--output", path);

        Assert.Equal(ExitCodes.Bundle, exit);
        Assert.Contains("missing.recbundle': no such model bundle", output, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }
}
