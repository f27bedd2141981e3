using Recommender.Training.Planning;
using Recommender.Training.Training;

namespace Recommender.Tests.Training.Planning;

public sealed class TrainingConfiguratorTests
{
    [Fact]
    public void Profile_percentiles_and_the_share_beyond_a_window_are_counted_over_users_with_training_data()
    {
        // Lengths 0 (no training data) and 1..10; 10 users, 55 interactions. Beyond a window of 4: 0+…+0 + 1+2+3+4+5+6 = 21.
        var profile = DataProfile.FromLengths(items: 11, [0, .. Enumerable.Range(1, 10)], itemsWithText: 5);

        Assert.Equal(10, profile.Users);
        Assert.Equal(55, profile.TrainInteractions);
        Assert.Equal((5, 9, 10), profile.LengthPercentiles);
        Assert.Equal(5.5, profile.MeanLength);
        Assert.Equal(5.0, profile.InteractionsPerItem);
        Assert.Equal(5.0 / 11, profile.TextShare);
        Assert.Equal(21.0 / 55, profile.ShareBeyondWindow(4));
        Assert.Equal(0, profile.ShareBeyondWindow(10));

        // Lengths 2..10 hold 1..9 targets (45 in all; length 1 holds none). Latest window of 4: 1+2+3+4+4×5 = 30 over 9.
        // Every window of 4: 1, 1, 1, 1, 2, 2, 2, 2, 3 windows = 15.
        Assert.Equal(30.0 / 9, profile.MeanTargetsPerSequence(4, everyWindow: false), 12);
        Assert.Equal(45.0 / 15, profile.MeanTargetsPerSequence(4, everyWindow: true), 12);
        Assert.Equal(45.0 / 9, profile.MeanTargetsPerSequence(10, everyWindow: true), 12);
    }

    [Theory]
    [InlineData(1.0, 128)]
    [InlineData(16.0, 128)]
    [InlineData(16.01, 64)]
    [InlineData(32.01, 32)]
    [InlineData(37.0, 32)]
    [InlineData(64.0, 32)]
    [InlineData(64.01, 16)]
    [InlineData(115.0, 16)]
    [InlineData(100_000.0, 16)]
    [InlineData(0.0, 128)]
    public void Batches_shrink_by_halves_as_windows_grow_so_that_a_batch_holds_at_most_the_target_count(double targetsPerWindow, int expected)
    {
        Assert.Equal(expected, TrainingConfigurator.BatchSize(targetsPerWindow));
    }

    [Fact]
    public void Long_dense_histories_get_the_wide_model_every_window_light_dropout_and_ids_only()
    {
        // MovieLens-1M-like: 6,000 users of 20 to 2,000 items over 3,700 items, all of which have titles.
        var lengths = Enumerable.Range(0, 6000).Select(u => 20 + (int)(1980 * Math.Pow(u / 6000.0, 3))).ToArray();
        var profile = DataProfile.FromLengths(3700, lengths, itemsWithText: 3700);
        var plan = TrainingConfigurator.Configure(profile, epochsKnown: true);
        var targets = profile.MeanTargetsPerSequence(plan.Model.MaxLength, everyWindow: true);

        Assert.Equal(TrainingConfigurator.WideDim, plan.Model.Dim);
        Assert.Equal(TrainingConfigurator.Thresholds.MaxMaxLength, plan.Model.MaxLength);
        Assert.Equal(SequenceWindows.All, plan.Training.Windows);
        // Windows of over 100 targets: the smallest batch, far below 128.
        Assert.True(targets > 100, $"{targets} targets per window");
        Assert.Equal(TrainingConfigurator.MinBatchSize, plan.Training.BatchSize);
        Assert.Contains(plan.Choices, c => c.Setting == "--batch-size" && c.Value == plan.Training.BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(TrainingConfigurator.DenseDropout, plan.Model.Dropout);
        Assert.False(plan.Model.UseText);
        Assert.Equal(LossKind.CrossEntropy, plan.Training.Loss);
        Assert.True(plan.Transitions);
        Assert.Contains(plan.Choices, c => c.Setting == "--transitions" && c.Value == "auto");
    }

    [Fact]
    public void Short_sparse_histories_get_the_narrow_model_short_windows_strong_dropout_and_text_where_items_have_it()
    {
        // Amazon-like: 20,000 users of 5 to 60 items, mean about 8, over 12,000 items.
        var lengths = Enumerable.Range(0, 20000).Select(u => u % 100 == 0 ? 60 : 5 + u % 7).ToArray();
        var profile = DataProfile.FromLengths(12000, lengths, itemsWithText: 12000);

        var plan = TrainingConfigurator.Configure(profile, epochsKnown: true);
        var idsOnly = TrainingConfigurator.Configure(profile with { ItemsWithText = 0 }, epochsKnown: true);

        Assert.Equal(TrainingConfigurator.NarrowDim, plan.Model.Dim);
        Assert.Equal(TrainingConfigurator.Thresholds.MinMaxLength, plan.Model.MaxLength);
        Assert.Equal(SequenceWindows.Latest, plan.Training.Windows);
        Assert.Equal(TrainingConfigurator.MaxBatchSize, plan.Training.BatchSize);
        Assert.Equal(TrainingConfigurator.SparseDropout, plan.Model.Dropout);
        Assert.True(plan.Model.UseText);
        Assert.False(idsOnly.Model.UseText);
        Assert.Contains(idsOnly.Choices, c => c.Setting == "--text" && c.Reason == "no item has text");
    }

    [Fact]
    public void A_huge_catalog_trains_with_a_sampled_softmax_and_very_long_histories_are_read_up_to_the_cap()
    {
        var lengths = Enumerable.Repeat(5000, 50).ToArray();
        var plan = TrainingConfigurator.Configure(DataProfile.FromLengths(2_000_000, lengths), epochsKnown: false);

        Assert.Equal(LossKind.SampledSoftmax, plan.Training.Loss);
        Assert.Equal(TrainingConfigurator.SampledNegatives, plan.Training.Negatives);
        Assert.False(plan.Transitions);
        Assert.Contains(plan.Choices, c => c.Setting == "--transitions" && c.Value == "off");
        Assert.Equal(TrainingConfigurator.Thresholds.MaxMaxLength, plan.Model.MaxLength);
        Assert.Equal(SequenceWindows.All, plan.Training.Windows);
        Assert.Equal(TrainingConfigurator.MinBatchSize, plan.Training.BatchSize);
    }

    [Theory]
    [InlineData(new[] { 1 })]
    [InlineData(new[] { 1, 1, 1 })]
    [InlineData(new int[0])]
    public void Degenerate_data_still_gets_valid_options(int[] lengths)
    {
        var plan = TrainingConfigurator.Configure(DataProfile.FromLengths(lengths.Length, lengths), epochsKnown: false);

        Assert.True(plan.Transitions);
        plan.Model.Validate();
        plan.Training.Validate();
        Assert.Equal(TrainingConfigurator.Thresholds.MinMaxLength, plan.Model.MaxLength);
        Assert.Equal(SequenceWindows.Latest, plan.Training.Windows);
        Assert.Equal(TrainingConfigurator.MaxBatchSize, plan.Training.BatchSize);
    }

    [Fact]
    public void A_known_number_of_epochs_gets_a_cosine_schedule_that_early_stopping_does_not_cut_short()
    {
        var profile = DataProfile.FromLengths(100, [.. Enumerable.Repeat(30, 100)]);

        var planned = TrainingConfigurator.Configure(profile, epochsKnown: true);
        var open = TrainingConfigurator.Configure(profile, epochsKnown: false);

        Assert.Equal(LearningRateSchedule.Cosine, planned.Training.LearningRateSchedule);
        Assert.Equal(int.MaxValue, planned.Training.Patience);
        Assert.Equal(LearningRateSchedule.Constant, open.Training.LearningRateSchedule);
        Assert.Equal(new TrainingOptions().Patience, open.Training.Patience);
    }

    [Fact]
    public void Every_choice_names_a_command_line_setting_once_with_a_value_and_a_reason()
    {
        var plan = TrainingConfigurator.Configure(DataProfile.FromLengths(500, [.. Enumerable.Range(3, 300)], 500), epochsKnown: true);

        Assert.All(plan.Choices, c =>
        {
            Assert.StartsWith("--", c.Setting, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(c.Value));
            Assert.False(string.IsNullOrWhiteSpace(c.Reason));
        });
        Assert.Equal(plan.Choices.Count, plan.Choices.Select(c => c.Setting).Distinct().Count());
        Assert.Contains(plan.Choices, c => c.Setting == "--max-len" && c.Value == plan.Model.MaxLength.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
