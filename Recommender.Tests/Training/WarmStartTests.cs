using Recommender.Data;
using Recommender.Tests.TestSupport;
using Recommender.Training.Modeling;
using Recommender.Training.Training;
using static TorchSharp.torch;

namespace Recommender.Tests.Training;

/// <summary>
/// A warm start over the model trained on the cyclic data: on unchanged data it starts exactly from the earlier
/// weights; new items get rows after the earlier ones without changing the earlier items' scores; an item map in
/// which earlier items moved is refused.
/// </summary>
[Collection(TorchTests.Name)]
public sealed class WarmStartTests(TrainedBundles trained) : IClassFixture<TrainedBundles>
{
    [Fact]
    public void On_unchanged_data_the_model_starts_from_exactly_the_earlier_weights()
    {
        var previous = trained.Model;
        using var model = NewModel(previous, previous.Items, CyclicData.Catalog());

        new WarmStart(previous).Apply(model);

        Assert.Equal(previous.Model.Snapshot(), model.Snapshot());
    }

    [Fact]
    public void New_items_come_after_the_earlier_ones_whose_scores_do_not_change()
    {
        var previous = trained.Model;
        var records = new List<InteractionRecord>();
        for (var user = 0; user < 6; user++)
        {
            records.AddRange([new($"n{user}", "3"), new($"n{user}", "new-a"), new($"n{user}", "new-b"), new($"n{user}", "4")]);
        }

        var log = Datasets.Build(records, knownItems: previous.Items.Ids);
        var catalog = new ItemCatalog([.. CyclicData.Catalog().Items, CyclicData.Item("new-a", 6), CyclicData.Item("new-b", 9)]);
        var warm = new WarmStart(previous);
        warm.CheckItems(log.Items);
        using var model = NewModel(previous, log.Items, catalog);

        warm.Apply(model);

        Assert.Equal(CyclicData.Items + 2, model.ItemCount);
        Assert.Equal(["new-a", "new-b"], log.Items.Ids.Skip(CyclicData.Items));
        var before = Scores(previous.CreateScorer(), CyclicData.Items);
        var after = Scores(new TorchSequenceScorer(model, CPU), model.ItemCount);
        for (var history = 0; history < before.Length; history++)
        {
            Assert.Equal(before[history], after[history][..(CyclicData.Items + 1)], (a, b) => Math.Abs(a - b) <= 1e-5f);
            Assert.All(after[history][(CyclicData.Items + 1)..], s => Assert.True(float.IsFinite(s)));
        }
    }

    [Fact]
    public void An_item_map_in_which_earlier_items_moved_is_refused_naming_the_index()
    {
        var log = Datasets.Build([new("u", "5"), new("u", "1"), new("u", "2")]);

        var error = Assert.Throws<ArgumentException>(() => new WarmStart(trained.Model).CheckItems(log.Items));

        Assert.Contains("fewer than the 12 of the model continued from", error.Message, StringComparison.Ordinal);
        var moved = Datasets.Build([.. Enumerable.Range(1, CyclicData.Items).Reverse().Select(i => new InteractionRecord("u", $"{i}"))]);
        var movedError = Assert.Throws<ArgumentException>(() => new WarmStart(trained.Model).CheckItems(moved.Items));
        Assert.StartsWith("Item index 1 is '12' in the data but '1' in the model continued from", movedError.Message, StringComparison.Ordinal);
    }

    private static SequenceRecommender NewModel(TrainedRecommender previous, IdMap items, ItemCatalog catalog)
    {
        var tokenizer = previous.Tokenizer!;
        var tokens = ItemTokens.Encode(items, catalog, tokenizer);

        manual_seed(11);
        var model = new SequenceRecommender(previous.Model.Options, items.Count, tokens, tokenizer.VocabularySize);
        model.eval();
        return model;
    }

    /// <summary>Every item's score for a few histories of earlier items.</summary>
    private static float[][] Scores(Recommender.Evaluation.IRecommenderScorer scorer, int items)
    {
        int[][] histories = [[1, 2, 3], [7, 8], [12, 1, 2, 3, 4]];
        var scores = new float[histories.Length * (items + 1)];
        scorer.Score([.. histories.Select(h => new ReadOnlyMemory<int>(h))], scores);
        return [.. Enumerable.Range(0, histories.Length).Select(h => scores[(h * (items + 1))..((h + 1) * (items + 1))])];
    }
}
