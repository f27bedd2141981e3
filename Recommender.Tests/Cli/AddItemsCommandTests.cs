using Microsoft.ML;
using Microsoft.ML.Data;
using Parquet.Serialization;
using Recommender.Bundles;
using Recommender.Cli.Failures;
using Recommender.MLNet;
using Recommender.Scoring;
using Recommender.Tests.Core.BatchScoring;
using Recommender.Tests.MLNet;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Cli;

/// <summary>
/// <c>add-items</c> over the bundle trained on the cyclic data: items the model never saw, given the text of cycle places,
/// are placed by it, and every consumer of bundles (session, ML.NET stage, batch job, recommend) reads them.
/// </summary>
[Collection(TorchTests.Name)]
public sealed class AddItemsCommandTests : IClassFixture<TrainedBundles>, IDisposable
{
    // Two new items with the text of places 6 and 9, one id the model knows, one new id with no text, one repeated row.
    private const string NewItems = "item,title,genres\nnew-6,Episode 6 of the cycle,Even\n5,Episode 5 of the cycle,Odd\nsilent,,\nnew-9,Episode 9 of the cycle,Odd\nnew-6,Episode 6 again,Even\n";

    private readonly TrainedBundles _trained;
    private readonly SavedBundle _saved;

    public AddItemsCommandTests(TrainedBundles trained)
    {
        _trained = trained;
        _saved = new SavedBundle(trained.Bundle);
    }

    public void Dispose() => _saved.Dispose();

    [Fact]
    public async Task New_items_are_added_by_their_text_and_the_rest_is_counted()
    {
        var items = _saved.Directory.Write("new-items.csv", NewItems);
        var output = _saved.Directory.File("extended.recbundle");
        var original = await File.ReadAllBytesAsync(_saved.Path);

        var (exit, text) = await CliRunner.RunAsync("add-items", "--model", _saved.Path, "--items", items, "--output", output);

        Assert.True(exit == 0, text);
        Assert.Matches(@"added \(placed by their text\)\s*│\s*2\s", text);
        Assert.Matches(@"already known to the model \(left as they are\)\s*│\s*1\s", text);
        Assert.Matches(@"without text the model reads \(not added\)\s*│\s*1\s", text);
        Assert.Matches(@"rows repeating an earlier id \(first kept\)\s*│\s*1\s", text);
        Assert.Contains("without text (not added): silent", text, StringComparison.Ordinal);
        Assert.Equal(original, await File.ReadAllBytesAsync(_saved.Path));

        var bundle = ModelBundle.Load(output);
        Assert.Equal(CyclicData.Items + 2, bundle.Manifest.Model.ItemCount);
        Assert.Equal(["new-6", "new-9"], bundle.Items.Ids.Skip(CyclicData.Items));
        Assert.Equal("Episode 9 of the cycle", bundle.Titles[^1]);
        var step = Assert.Single(bundle.Manifest.Lineage!);
        Assert.Equal(BundleLineage.AddItems, step.Operation);
        Assert.Equal(BundleVersion.OfFile(_saved.Path), step.ParentVersion);
        Assert.Equal(("model.recbundle", "new-items.csv"), (step.ParentFile, step.Input));
        Assert.Equal(_trained.Bundle.Manifest.CreatedUtc, step.ParentCreatedUtc);
        Assert.StartsWith("added 2 items; 1 already known and 1 without text", step.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_new_bundle_scores_added_items_as_the_session_that_added_them_and_trained_items_as_before()
    {
        var output = await AddAsync();
        using var original = new RecommenderSession(_trained.Bundle);
        using var adding = new RecommenderSession(_trained.Bundle);
        adding.AddItems([CyclicData.Item("new-6", 6), CyclicData.Item("new-9", 9)]);
        using var loaded = RecommenderSession.Load(output);
        string[] history = ["2", "3", "new-6", "4", "5"];
        string[] candidates = ["6", "7", "1", "new-6", "new-9"];

        var scores = loaded.Score(history, candidates);

        Assert.Equal(adding.Score(history, candidates), scores, (a, b) => Math.Abs(a - b) <= 1e-5f);
        string[] trainedOnly = ["2", "3", "4", "5"];
        Assert.Equal(original.Score(trainedOnly, ["6", "7", "1"]), loaded.Score(trainedOnly, ["6", "7", "1"]), (a, b) => Math.Abs(a - b) <= 1e-5f);
        Assert.Equal(original.Recommend(trainedOnly, k: 3).Select(r => r.ItemId), loaded.Recommend(trainedOnly, k: 3, filter: id => !id.StartsWith("new-", StringComparison.Ordinal)).Select(r => r.ItemId));
        Assert.Equal("new-6", loaded.Recommend(["3", "4", "5"], k: 1, filter: id => id.StartsWith("new-", StringComparison.Ordinal))[0].ItemId);
    }

    [Fact]
    public async Task The_ML_NET_stage_batch_job_and_recommend_read_the_added_items()
    {
        var output = await AddAsync();
        using var session = RecommenderSession.Load(output);

        var context = new MLContext(seed: 0);
        var rows = context.Data.LoadFromEnumerable(new[] { new RecommenderScoringEstimatorTests.TextRow { History = ["3", "4", "5"], CandidateItem = "new-6" } });
        var stage = context.Transforms.ScoreWithRecommender(output).Fit(rows);
        var score = stage.Transform(rows).GetColumn<float>("Score").Single();
        Assert.Equal(session.Score(["3", "4", "5"], ["new-6"])[0], score, 5);

        var interactions = _saved.Directory.Write("histories.csv", "user,item\nu1,3\nu1,4\nu1,new-9\n");
        var recommendations = _saved.Directory.File("recs.parquet");
        var scored = await CliRunner.RunAsync("score", "--model", output, "--input", interactions, "--output", recommendations, "--top-k", "14", "--quiet");
        Assert.True(scored.ExitCode == 0, scored.Output);
        var written = (await ParquetSerializer.DeserializeAsync<BatchScorerTests.OutputRow>(recommendations)).Data;
        Assert.Contains(written, r => r.item_id == "new-6");
        Assert.DoesNotContain(written, r => r.item_id == "new-9");
        Assert.Equal(CyclicData.Items + 2 - 3, written.Count);

        var recommended = await CliRunner.RunAsync("recommend", "--model", output, "--history", "new-6 new-9", "--k", "2");
        Assert.True(recommended.ExitCode == 0, recommended.Output);
        Assert.DoesNotContain("does not know", recommended.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adding_to_an_extended_bundle_keeps_the_earlier_items_and_lengthens_the_lineage()
    {
        var first = await AddAsync();
        var more = _saved.Directory.Write("more.csv", "item,title,genres\nnew-3,Episode 3 of the cycle,Odd\nnew-6,Episode 6 of the cycle,Even\n");
        var second = _saved.Directory.File("second.recbundle");

        var (exit, text) = await CliRunner.RunAsync("add-items", "--model", first, "--items", more, "--output", second);

        Assert.True(exit == 0, text);
        var bundle = ModelBundle.Load(second);
        Assert.Equal(["new-6", "new-9", "new-3"], bundle.Items.Ids.Skip(CyclicData.Items));
        Assert.Equal([BundleVersion.OfFile(_saved.Path), BundleVersion.OfFile(first)], bundle.Manifest.Lineage!.Select(s => s.ParentVersion));
    }

    [Fact]
    public async Task A_model_without_text_is_refused_before_the_items_are_read_and_nothing_is_written()
    {
        using var saved = new SavedBundle(_trained.BundleWithoutText);
        var items = saved.Directory.Write("new-items.csv", NewItems);
        var output = saved.Directory.File("extended.recbundle");

        var (exit, text) = await CliRunner.RunAsync("add-items", "--model", saved.Path, "--items", items, "--output", output);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("was trained without item text, so it cannot place new items by their text", text, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(saved.Directory.Path, "*extended*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task The_output_may_not_be_the_input_bundle()
    {
        var items = _saved.Directory.Write("new-items.csv", NewItems);
        var original = await File.ReadAllBytesAsync(_saved.Path);

        var (exit, text) = await CliRunner.RunAsync("add-items", "--model", _saved.Path, "--items", items, "--output", _saved.Path);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--output", text, StringComparison.Ordinal);
        Assert.Equal(original, await File.ReadAllBytesAsync(_saved.Path));
    }

    [Fact]
    public async Task A_bad_row_in_the_items_file_is_named_and_nothing_is_written()
    {
        var items = _saved.Directory.Write("bad.csv", "item,title\nnew-1,One\n\"unclosed,Two\n");
        var output = _saved.Directory.File("extended.recbundle");

        var (exit, text) = await CliRunner.RunAsync("add-items", "--model", _saved.Path, "--items", items, "--output", output);

        Assert.Equal(ExitCodes.Data, exit);
        Assert.Contains("bad.csv", text, StringComparison.Ordinal);
        Assert.Contains("line 3", text, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    private async Task<string> AddAsync()
    {
        var items = _saved.Directory.Write("new-items.csv", NewItems);
        var output = _saved.Directory.File("extended.recbundle");
        var (exit, text) = await CliRunner.RunAsync("add-items", "--model", _saved.Path, "--items", items, "--output", output);
        Assert.True(exit == 0, text);
        return output;
    }
}
