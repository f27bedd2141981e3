using Recommender.Data;
using Recommender.Evaluation;
using Recommender.Splitting;
using Recommender.Tests.TestSupport;
using Recommender.Training.Modeling;
using Recommender.Training.Native;
using Recommender.Training.Training;

namespace Recommender.Tests.Training;

[Collection(TorchTests.Name)]
public sealed class SequenceTrainerTests : IDisposable
{
    private const int Items = CyclicData.Items;
    private static readonly int[][] SomeHistories = [[1, 2, 3], [5], [7, 8, 9, 10, 11, 12, 1, 2, 3]];
    private readonly TempDirectory _dir = new();

    public SequenceTrainerTests() => TorchSharpRuntime.EnsureLoadable();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(LossKind.CrossEntropy, TrainingObjective.NextItem, BatchComposition.SimilarLengths)]
    [InlineData(LossKind.SampledSoftmax, TrainingObjective.NextItem, BatchComposition.SimilarLengths)]
    [InlineData(LossKind.BinaryCrossEntropy, TrainingObjective.NextItem, BatchComposition.SimilarLengths)]
    [InlineData(LossKind.GeneralizedBce, TrainingObjective.NextItem, BatchComposition.SimilarLengths)]
    [InlineData(LossKind.CrossEntropy, TrainingObjective.MaskedItem, BatchComposition.SimilarLengths)]
    [InlineData(LossKind.CrossEntropy, TrainingObjective.NextItem, BatchComposition.Random)]
    public void Every_loss_and_objective_learns_a_deterministic_successor_pattern(LossKind loss, TrainingObjective objective, BatchComposition composition)
    {
        var split = CyclicData.Split();
        var options = Fast with { Epochs = 80, Patience = 80, Loss = loss, Negatives = 6, Objective = objective, LearningRate = 5e-3, BatchComposition = composition };

        using var trained = new SequenceTrainer(options, TinyModel(withText: false)).Train(split);

        Assert.True(trained.History[^1].Loss < trained.History[0].Loss * 0.8, $"loss went from {trained.History[0].Loss} to {trained.History[^1].Loss}");
        var test = FullRankingEvaluator.Evaluate(split, split.Test, trained.CreateScorer());
        // The cloze objective learns the pattern from both sides and sees the query position only as [MASK], so it is held to less.
        var expected = objective == TrainingObjective.NextItem ? 0.9 : 0.8;
        Assert.True(test.Get(MetricNames.HitRate(1)) >= expected, $"HR@1 on the memorised pattern is only {test.Get(MetricNames.HitRate(1))}");
    }

    [Fact]
    public void With_all_windows_what_long_histories_held_before_the_latest_window_is_learned_too()
    {
        // Every user first walks the cycle 1 → 2 → … → 12, then 9 steps of another, 13 → … → 20 → 13 (which validation
        // and test ask about). The model reads 6 items, so the latest window of each training history holds only the second.
        var records = new List<InteractionRecord>();
        for (var user = 0; user < 36; user++)
        {
            records.AddRange(Enumerable.Range(0, Items).Select(step => new InteractionRecord($"u{user}", $"{(user + step) % Items + 1}")));
            records.AddRange(Enumerable.Range(0, 9).Select(step => new InteractionRecord($"u{user}", $"{13 + (user + step) % 8}")));
        }

        var split = LeaveOneOutSplitter.Split(Datasets.Build(records));
        var options = Fast with { Epochs = 80, Patience = 80, LearningRate = 5e-3 };
        var model = TinyModel(withText: false) with { MaxLength = 6 };

        using var latest = new SequenceTrainer(options, model).Train(split);
        using var all = new SequenceTrainer(options with { Windows = SequenceWindows.All }, model).Train(split);

        var (learned, unseen) = (CycleHitRate(all), CycleHitRate(latest));
        Assert.True(learned >= 0.9, $"with all windows the cycle's next item is first for only {learned:P0} of its places");
        Assert.True(unseen <= 0.5, $"with the latest window only the cycle was learned anyway ({unseen:P0}), so this data tests nothing");

        static double CycleHitRate(TrainedRecommender trained)
        {
            var places = Enumerable.Range(1, Items).ToArray();
            var histories = places.Select(p => (ReadOnlyMemory<int>)new[] { trained.Items[$"{(p + Items - 2) % Items + 1}"], trained.Items[$"{p}"] }).ToList();
            var rows = trained.Items.Count + 1;
            var scores = new float[histories.Count * rows];
            trained.CreateScorer().Score(histories, scores);
            return places.Count(p =>
            {
                var row = scores.AsSpan((p - 1) * rows + 1, rows - 1);
                foreach (var seen in histories[p - 1].Span)
                {
                    row[seen - 1] = float.NegativeInfinity;
                }

                return trained.Items.GetId(System.Numerics.Tensors.TensorPrimitives.IndexOfMax<float>(row) + 1) == $"{p % Items + 1}";
            }) / (double)Items;
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_model_and_another_seed_a_different_one()
    {
        var split = CyclicData.Split();

        using var a = new SequenceTrainer(Fast, TinyModel(true)).Train(split, CyclicData.Catalog());
        using var b = new SequenceTrainer(Fast, TinyModel(true)).Train(split, CyclicData.Catalog());
        using var c = new SequenceTrainer(Fast with { Seed = 7 }, TinyModel(true)).Train(split, CyclicData.Catalog());

        Assert.Equal(a.Model.Snapshot(), b.Model.Snapshot());
        Assert.NotEqual(a.Model.Snapshot(), c.Model.Snapshot());
    }

    [Fact]
    public void A_time_budget_plans_the_epochs_and_training_that_many_epochs_without_it_gives_the_same_model()
    {
        var split = CyclicData.Split();
        var options = Fast with { Epochs = 4, Patience = 100, LearningRateSchedule = LearningRateSchedule.Cosine };
        var notices = new List<string>();
        var budgeted = new SequenceTrainer(options with { TimeBudget = TimeSpan.FromMinutes(10) }, TinyModel(false));
        budgeted.Notice += notices.Add;

        using var planned = budgeted.Train(split);
        using var repeated = new SequenceTrainer(options with { Epochs = planned.TrainingOptions.Epochs }, TinyModel(false)).Train(split);

        // Ten minutes hold far more than the cap of 4 epochs on this data, so the plan is the cap.
        Assert.Equal(4, planned.TrainingOptions.Epochs);
        Assert.Equal(4, planned.History.Count);
        Assert.Contains(notices, n => n.Contains("4 epochs are planned", StringComparison.Ordinal));
        Assert.Equal(repeated.Model.Snapshot(), planned.Model.Snapshot());
        Assert.Equal(repeated.History.Select(h => h.ValidationNdcg10), planned.History.Select(h => h.ValidationNdcg10));
    }

    [Fact]
    public void A_budgeted_run_killed_before_its_plan_plans_at_the_same_epoch_when_resumed_and_ends_the_same()
    {
        var split = CyclicData.Split();
        var checkpoint = _dir.File("budget.ckpt");
        var options = Fast with { Epochs = 4, Patience = 100, LearningRateSchedule = LearningRateSchedule.Cosine, TimeBudget = TimeSpan.FromMinutes(10) };
        using var whole = new SequenceTrainer(options, TinyModel(false)).Train(split);
        using var stop = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            new SequenceTrainer(options, TinyModel(false)).Train(split, null, new TrainingRun { CheckpointPath = checkpoint }, epochDone: _ => stop.Cancel(), cancellationToken: stop.Token));

        var notices = new List<string>();
        var resumer = new SequenceTrainer(options, TinyModel(false));
        resumer.Notice += notices.Add;
        using var resumed = resumer.Train(split, null, new TrainingRun { CheckpointPath = checkpoint, Resume = true });

        // Killed after the first epoch, before the plan (made after the second): the resumed run makes it.
        Assert.Contains(notices, n => n.Contains("2 epochs took", StringComparison.Ordinal) && n.Contains("4 epochs are planned", StringComparison.Ordinal));
        Assert.Equal(whole.Model.Snapshot(), resumed.Model.Snapshot());
        Assert.Equal(whole.History.Select(h => h.Loss), resumed.History.Select(h => h.Loss));
    }

    [Theory]
    [InlineData(2, 3, 0.0)]   // after the weights changed in the third batch of epoch 2
    [InlineData(3, 0, 0.9)]   // in the validation after epoch 3, with the moving average swapped in
    [InlineData(1, 1, 0.9)]   // in the very first step
    public void A_libtorch_failure_mid_run_is_recovered_exactly(int epoch, int batch, double weightAverageDecay)
    {
        var split = CyclicData.Split();
        var options = Fast with { Epochs = 4, Patience = 100, WeightAverageDecay = weightAverageDecay, LearningRateSchedule = LearningRateSchedule.Cosine };
        using var whole = new SequenceTrainer(options, TinyModel(false)).Train(split);

        var failures = 0;
        var notices = new List<string>();
        var faulty = new SequenceTrainer(options, TinyModel(false))
        {
            InjectedFault = (e, b) =>
            {
                if (e == epoch && b == batch && failures++ == 0)
                {
#pragma warning disable CA2201 // TorchSharp reports libtorch failures as this exception; the test plays one.
                    throw new System.Runtime.InteropServices.ExternalException("Expected false to be true, but got false.\nException raised from toFloat");
#pragma warning restore CA2201
                }
            },
        };
        faulty.Notice += notices.Add;
        using var recovered = faulty.Train(split);

        // It failed once, and the run passed the same point once more.
        Assert.Equal(2, failures);
        Assert.Contains(notices, n => n.StartsWith("libtorch failed in", StringComparison.Ordinal) && n.Contains("Expected false to be true, but got false.", StringComparison.Ordinal));
        Assert.Equal(whole.Model.Snapshot(), recovered.Model.Snapshot());
        Assert.Equal(whole.History.Select(h => (h.Loss, h.ValidationNdcg10)), recovered.History.Select(h => (h.Loss, h.ValidationNdcg10)));
    }

    [Fact]
    public void A_libtorch_failure_that_keeps_coming_back_stops_the_run()
    {
        var faulty = new SequenceTrainer(Fast with { Epochs = 2 }, TinyModel(false))
        {
#pragma warning disable CA2201 // TorchSharp reports libtorch failures as this exception; the test plays one.
            InjectedFault = (_, _) => throw new System.Runtime.InteropServices.ExternalException("persistent"),
#pragma warning restore CA2201
        };

        var error = Assert.Throws<System.Runtime.InteropServices.ExternalException>(() => faulty.Train(CyclicData.Split()));
        Assert.Equal("persistent", error.Message);
    }

    [Fact]
    public void A_budget_too_small_for_one_epoch_still_trains_one()
    {
        var split = CyclicData.Split();

        using var trained = new SequenceTrainer(Fast with { Epochs = 50, TimeBudget = TimeSpan.FromMilliseconds(1) }, TinyModel(false)).Train(split);

        Assert.Equal(1, trained.TrainingOptions.Epochs);
        Assert.Single(trained.History);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.9)]
    public void A_run_resumed_from_its_checkpoint_ends_exactly_where_an_uninterrupted_run_ends(double weightAverageDecay)
    {
        var split = CyclicData.Split();
        var checkpoint = _dir.File("run.ckpt");
        var options = Fast with { Epochs = 4, Patience = 100, WeightAverageDecay = weightAverageDecay };

        using var whole = new SequenceTrainer(options, TinyModel(true)).Train(split, CyclicData.Catalog());
        using (new SequenceTrainer(options with { Epochs = 2 }, TinyModel(true)).Train(split, CyclicData.Catalog(), new TrainingRun { CheckpointPath = checkpoint }))
        {
        }

        using var resumed = new SequenceTrainer(options, TinyModel(true)).Train(split, CyclicData.Catalog(), new TrainingRun { CheckpointPath = checkpoint, Resume = true });

        Assert.Equal(whole.Model.Snapshot(), resumed.Model.Snapshot());
        Assert.Equal(whole.History.Select(h => h.Loss), resumed.History.Select(h => h.Loss));
    }

    [Fact]
    public void With_weight_averaging_the_same_steps_are_taken_but_validation_reads_and_training_returns_the_average()
    {
        var split = CyclicData.Split();
        var options = Fast with { Epochs = 4, Patience = 100, WeightAverageDecay = 0.9 };

        using var averaged = new SequenceTrainer(options, TinyModel(false)).Train(split);
        using var plain = new SequenceTrainer(options with { WeightAverageDecay = 0 }, TinyModel(false)).Train(split);

        Assert.Equal(plain.History.Select(h => h.Loss), averaged.History.Select(h => h.Loss));
        Assert.NotEqual(plain.Model.Snapshot(), averaged.Model.Snapshot());
        Assert.NotEqual(plain.History.Select(h => h.ValidationNdcg10), averaged.History.Select(h => h.ValidationNdcg10));
        var validation = FullRankingEvaluator.Evaluate(split, split.Validation, averaged.CreateScorer(), new EvaluationOptions { Ks = [10], ListMetrics = false });
        Assert.Equal(averaged.History[averaged.BestEpoch - 1].ValidationNdcg10, validation.Get(MetricNames.Ndcg(10)), 12);
    }

    [Fact]
    public void A_cosine_run_resumes_exactly_and_refuses_another_number_of_epochs_which_would_change_its_rates()
    {
        var split = CyclicData.Split();
        var checkpoint = _dir.File("cosine.ckpt");
        var options = Fast with { Epochs = 3, Patience = 100, LearningRateSchedule = LearningRateSchedule.Cosine };
        using var whole = new SequenceTrainer(options, TinyModel(false)).Train(split);
        using var stop = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            new SequenceTrainer(options, TinyModel(false)).Train(split, null, new TrainingRun { CheckpointPath = checkpoint }, epochDone: _ => stop.Cancel(), cancellationToken: stop.Token));

        var error = Assert.Throws<InvalidDataException>(() =>
            new SequenceTrainer(options with { Epochs = 6 }, TinyModel(false)).Train(split, null, new TrainingRun { CheckpointPath = checkpoint, Resume = true }));
        using var resumed = new SequenceTrainer(options, TinyModel(false)).Train(split, null, new TrainingRun { CheckpointPath = checkpoint, Resume = true });

        Assert.Contains("\"epochs\":3", error.Message, StringComparison.Ordinal);
        Assert.Equal(whole.Model.Snapshot(), resumed.Model.Snapshot());
        Assert.Equal(whole.History.Select(h => h.Loss), resumed.History.Select(h => h.Loss));
        using var constant = new SequenceTrainer(options with { LearningRateSchedule = LearningRateSchedule.Constant }, TinyModel(false)).Train(split);
        Assert.NotEqual(constant.History[^1].Loss, whole.History[^1].Loss);
    }

    [Fact]
    public void Resuming_with_other_model_options_is_refused_with_the_difference()
    {
        var split = CyclicData.Split();
        var checkpoint = _dir.File("run.ckpt");
        using (new SequenceTrainer(Fast with { Epochs = 1 }, TinyModel(false)).Train(split, null, new TrainingRun { CheckpointPath = checkpoint }))
        {
        }

        var error = Assert.Throws<InvalidDataException>(() =>
            new SequenceTrainer(Fast, TinyModel(false) with { Layers = 2 }).Train(split, null, new TrainingRun { CheckpointPath = checkpoint, Resume = true }));

        Assert.Contains("was written for the model", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"layers\":1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_saved_model_loads_and_scores_identically()
    {
        var split = CyclicData.Split();
        using var trained = new SequenceTrainer(Fast, TinyModel(true)).Train(split, CyclicData.Catalog());
        var path = _dir.File("model.recmodel");

        trained.Save(path);
        using var loaded = TrainedRecommender.Load(path);

        AssertSameScores(trained, loaded);
        Assert.Equal(trained.Items.Ids, loaded.Items.Ids);
        Assert.Equal(trained.BestEpoch, loaded.BestEpoch);
    }

    [Fact]
    public void A_model_saved_before_positions_and_batch_weighting_were_options_loads_as_it_was_trained()
    {
        var split = CyclicData.Split();
        var old = Fast with { BatchWeighting = BatchWeighting.Equal };
        using var trained = new SequenceTrainer(old, TinyModel(false) with { Positions = PositionOrigin.LatestItem }).Train(split);
        var path = _dir.File("old.recmodel");
        trained.Save(path);
        using (var zip = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Update))
        {
            var entry = zip.GetEntry("model.json")!;
            System.Text.Json.Nodes.JsonNode manifest;
            using (var stream = entry.Open())
            {
                manifest = System.Text.Json.Nodes.JsonNode.Parse(stream)!;
            }

            Assert.True(manifest["model"]!.AsObject().Remove("positions") && manifest["training"]!.AsObject().Remove("batchWeighting"), "the saved model no longer names the options");
            entry.Delete();
            using var writer = zip.CreateEntry("model.json").Open();
            System.Text.Json.JsonSerializer.Serialize(writer, manifest);
        }

        using var loaded = TrainedRecommender.Load(path);

        Assert.Equal(PositionOrigin.LatestItem, loaded.Model.Options.Positions);
        Assert.Equal(BatchWeighting.Equal, loaded.TrainingOptions.BatchWeighting);
        AssertSameScores(trained, loaded);
    }

    [Fact]
    public void Without_a_catalog_text_is_turned_off_with_a_notice()
    {
        var notices = new List<string>();
        var trainer = new SequenceTrainer(Fast with { Epochs = 1 }, TinyModel(true));
        trainer.Notice += notices.Add;

        using var trained = trainer.Train(CyclicData.Split());

        Assert.False(trained.Model.Options.UseText);
        Assert.Contains(notices, n => n.Contains("without the text encoder", StringComparison.Ordinal));
    }

    [Fact]
    public void Asking_for_cuda_without_a_gpu_trains_on_the_cpu_with_a_message()
    {
        var notices = new List<string>();
        var trainer = new SequenceTrainer(Fast with { Epochs = 1, Device = ComputeDevice.Cuda }, TinyModel(false));
        trainer.Notice += notices.Add;

        using var trained = trainer.Train(CyclicData.Split());

        Assert.Contains(notices, n => n.Contains("CUDA was requested but is not available", StringComparison.Ordinal));
    }

    [Fact]
    public void Bad_training_options_name_the_option()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new SequenceTrainer(new TrainingOptions { BatchSize = 0 }));

        Assert.Contains("BatchSize must be from 1 to 65536; got 0", error.Message, StringComparison.Ordinal);
        var beta = Assert.Throws<ArgumentOutOfRangeException>(() => new SequenceTrainer(new TrainingOptions { AdamBeta2 = 1 }));
        Assert.Contains("AdamBeta2 must be in (0, 1); got 1", beta.Message, StringComparison.Ordinal);
        var average = Assert.Throws<ArgumentOutOfRangeException>(() => new SequenceTrainer(new TrainingOptions { WeightAverageDecay = 1 }));
        Assert.Contains("WeightAverageDecay must be in [0, 1) (0: off); got 1", average.Message, StringComparison.Ordinal);
    }

    private static void AssertSameScores(TrainedRecommender expected, TrainedRecommender actual)
    {
        var histories = SomeHistories.Select(h => (ReadOnlyMemory<int>)h).ToList();
        var expectedScores = new float[histories.Count * (Items + 1)];
        var actualScores = new float[expectedScores.Length];
        expected.CreateScorer().Score(histories, expectedScores);
        actual.CreateScorer().Score(histories, actualScores);
        Assert.Equal(expectedScores, actualScores);
    }

    private static TrainingOptions Fast => new() { Epochs = 3, BatchSize = 8, WarmupSteps = 5, Device = ComputeDevice.Cpu, Seed = 3 };

    private static SequenceModelOptions TinyModel(bool withText) =>
        new() { Dim = 16, Layers = 1, Heads = 2, MaxLength = 10, Dropout = 0.1, UseText = withText, TextHeads = 2 };
}
