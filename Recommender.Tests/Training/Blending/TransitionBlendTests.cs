using Recommender.Bundles;
using Recommender.Evaluation;
using Recommender.Scoring;
using Recommender.Tests.TestSupport;
using Recommender.Training.Blending;
using Recommender.Training.Export;
using Recommender.Training.Modeling;
using Recommender.Training.Training;

namespace Recommender.Tests.Training.Blending;

/// <summary>
/// The item-transition term's weight chosen on validation, on the cyclic data where the item after the latest one is
/// always next; and the bundle that carries it scoring exactly as the choice measured.
/// </summary>
[Collection(TorchTests.Name)]
public sealed class TransitionBlendTests
{
    [Fact]
    public void A_model_that_ranks_nothing_gains_the_term_and_reaches_every_validation_target()
    {
        var split = CyclicData.Split();

        var blend = TransitionBlend.Fit(new FixedScorer(_ => -1), split);

        Assert.True(blend.Pays);
        Assert.Equal(1.0, blend.ValidationNdcgWith, 9);
        Assert.True(blend.ValidationNdcgWithout < 0.5, $"a model whose scores all tie should rank targets low, got NDCG@10 {blend.ValidationNdcgWithout}");
        // Every weight reaches 1, so the first tried (smallest weight, smallest scale) is kept.
        Assert.Equal(TransitionBlendOptions.Defaults.Weights[0], blend.Weight);
        Assert.Equal(TransitionBlendOptions.Defaults.Scales[0], blend.Scale);
        var settings = Assert.IsType<BundleTransitions>(blend.Settings);
        Assert.Equal((5, 5, TransitionBlendOptions.Defaults.Followers, CyclicData.Items), (settings.Recent, settings.Window, settings.Followers, settings.TrainedItems));
        Assert.Contains("validation NDCG@10", blend.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_that_already_ranks_every_target_first_keeps_its_scores()
    {
        var split = CyclicData.Split();

        var blend = TransitionBlend.Fit(new FixedScorer(last => last % CyclicData.Items + 1), split);

        Assert.False(blend.Pays);
        Assert.Null(blend.Settings);
        Assert.Equal(1.0, blend.ValidationNdcgWithout, 9);
        Assert.Equal(blend.ValidationNdcgWithout, blend.ValidationNdcgWith);
        Assert.Contains("not used", blend.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_that_ranks_targets_low_takes_the_term_at_a_weight_that_outweighs_it()
    {
        var split = CyclicData.Split();

        // The model puts the item two steps ahead first by a margin of 5: only a heavy term lifts the true next item above it.
        var blend = TransitionBlend.Fit(new FixedScorer(last => (last + 1) % CyclicData.Items + 1, margin: 5), split);

        Assert.True(blend.Pays);
        Assert.True(blend.ValidationNdcgWith > blend.ValidationNdcgWithout + 0.2, blend.Describe());
        Assert.True(blend.Weight > 1, $"weight {blend.Weight} cannot outweigh a margin of 5 on these statistics");
    }

    [Fact]
    public void Bad_options_and_a_foreign_model_are_refused()
    {
        var split = CyclicData.Split();
        var model = new FixedScorer(_ => -1);

        Assert.Throws<ArgumentOutOfRangeException>(() => TransitionBlend.Fit(model, split, new TransitionBlendOptions { Transitions = new ItemTransitionOptions() }));
        Assert.Throws<ArgumentOutOfRangeException>(() => TransitionBlend.Fit(model, split, new TransitionBlendOptions { Weights = [] }));
        Assert.Throws<ArgumentOutOfRangeException>(() => TransitionBlend.Fit(model, split, new TransitionBlendOptions { Scales = [0] }));
        var error = Assert.Throws<ArgumentException>(() => TransitionBlend.Fit(new FixedScorer(_ => -1, items: 5), split));
        Assert.Contains("5 items", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bundle_with_the_term_records_it_and_its_session_scores_validation_as_the_choice_measured()
    {
        // One epoch at a tiny rate leaves the model near its random start, so the term has something to add.
        var split = CyclicData.Split();
        var options = new TrainingOptions { Epochs = 1, BatchSize = 8, LearningRate = 1e-6, Device = ComputeDevice.Cpu, Seed = 3, WeightAverageDecay = 0 };
        using var model = new SequenceTrainer(options, new SequenceModelOptions { Dim = 16, MaxLength = 10 }).Train(split);
        var blend = TransitionBlend.Fit(model.CreateScorer(), split);
        Assert.True(blend.Pays, blend.Describe());

        using var directory = new TempDirectory();
        var path = directory.File("blended.recbundle");
        BundleExporter.Export(model, split, CyclicData.Catalog(), transitions: blend).Save(path);
        using var session = RecommenderSession.Load(path);

        Assert.Equal(blend.Settings, session.Bundle.Manifest.Model.Transitions);
        Assert.Equal(blend.ValidationNdcgWith, session.Bundle.Manifest.Training.Metrics["validation NDCG@10 with transitions"], 9);
        var validation = FullRankingEvaluator.Evaluate(split, split.Validation, session.AsScorer(split.Log.Items));
        Assert.Equal(blend.ValidationNdcgWith, validation.Get(MetricNames.Ndcg(10)), 4);

        // Without the term the same model's bundle ranks validation as the model alone.
        using var plain = new RecommenderSession(BundleExporter.Export(model, split, CyclicData.Catalog()));
        Assert.Null(plain.Bundle.Manifest.Model.Transitions);
        Assert.Equal(blend.ValidationNdcgWithout, FullRankingEvaluator.Evaluate(split, split.Validation, plain.AsScorer(split.Log.Items)).Get(MetricNames.Ndcg(10)), 4);
    }

    /// <summary>A stand-in model: item <c>best(latest item)</c> scores <paramref name="margin"/>, every other item 0 (or all -1).</summary>
    private sealed class FixedScorer(Func<int, int> best, float margin = 1, int items = CyclicData.Items) : IRecommenderScorer
    {
        public int ItemCount => items;

        public void Score(IReadOnlyList<ReadOnlyMemory<int>> histories, Span<float> scores)
        {
            for (var b = 0; b < histories.Count; b++)
            {
                var row = scores.Slice(b * (items + 1), items + 1);
                row.Clear();
                var chosen = best(histories[b].Span[^1]);
                if (chosen >= 1)
                {
                    row[chosen] = margin;
                }
            }
        }
    }
}
