using System.Globalization;
using Recommender.Bundles;
using Recommender.Training.Blending;
using Recommender.Training.Modeling;
using Recommender.Training.Training;

namespace Recommender.Training.Planning;

/// <summary>
/// Chooses the model and its training from the data: each rule reads one statistic of a <see cref="DataProfile"/> and
/// sets one or two options, with a one-line reason. The thresholds live in <see cref="Thresholds"/>;
/// benchmarks/RESULTS.md has the runs across datasets they come from.
/// </summary>
public static class TrainingConfigurator
{
    /// <summary>The thresholds of the rules, in one place.</summary>
    public static class Thresholds
    {
        /// <summary>Mean training interactions per item from which the wider model pays: each item vector has enough evidence.</summary>
        public const double WideModelInteractionsPerItem = 100;

        /// <summary>Mean training history length below which histories count as short and sparse: stronger dropout.</summary>
        public const double ShortHistoryMeanLength = 20;

        /// <summary>Share of training interactions beyond the latest window from which every window is trained on.</summary>
        public const double AllWindowsShare = 0.05;

        /// <summary>Share of items with text from which the text encoder is worth its cost.</summary>
        public const double TextShare = 0.5;

        /// <summary>Mean interactions per item below which text helps: sparse item vectors borrow strength from their words.</summary>
        public const double TextInteractionsPerItem = 50;

        /// <summary>Catalog size above which the full softmax is replaced by a sampled one, whose cost does not grow with the catalog.</summary>
        public const int SampledSoftmaxItems = 50_000;

        /// <summary>
        /// Next-item targets one batch holds at most: where windows are long, fewer of them share a batch, so that an
        /// epoch still takes many optimiser steps instead of a few very large ones.
        /// </summary>
        public const int TargetsPerBatch = 2048;

        /// <summary>Shortest and longest history the model is given (whatever the data's percentiles say).</summary>
        public const int MinMaxLength = 50, MaxMaxLength = 200;
    }

    /// <summary>Width of the model on data with many interactions per item, and otherwise.</summary>
    public const int WideDim = 128, NarrowDim = 64;

    /// <summary>Dropout on short, sparse histories, and otherwise.</summary>
    public const double SparseDropout = 0.5, DenseDropout = 0.2;

    /// <summary>Fewest and most sequences in a batch (the most is the trainer's own default).</summary>
    public const int MinBatchSize = 16, MaxBatchSize = 128;

    /// <summary>Negatives per batch for the sampled softmax chosen on large catalogs.</summary>
    public const int SampledNegatives = 2048;

    /// <summary>Decay per step of the moving average of the weights that every planned run keeps.</summary>
    public const double WeightAverageDecay = 0.999;

    /// <summary>
    /// Configures a run for <paramref name="profile"/>. <paramref name="epochsKnown"/> says whether the number of epochs
    /// is fixed before training (given, or planned from a time budget): then the learning rate falls along a cosine to
    /// the last epoch, which early stopping must not cut short; otherwise it stays constant and early stopping ends the run.
    /// </summary>
    public static TrainingPlan Configure(DataProfile profile, bool epochsKnown)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var choices = new List<ConfigurationChoice>();
        void Choose(string setting, object value, string reason) =>
            choices.Add(new ConfigurationChoice(setting, Convert.ToString(value, CultureInfo.InvariantCulture)!.ToLowerInvariant(), reason));

        var (_, _, p99) = profile.LengthPercentiles;
        var maxLength = Math.Clamp(RoundUp(p99, 10), Thresholds.MinMaxLength, Thresholds.MaxMaxLength);
        Choose("--max-len", maxLength, $"99 % of training histories have at most {p99} items (kept between {Thresholds.MinMaxLength} and {Thresholds.MaxMaxLength})");

        var beyond = profile.ShareBeyondWindow(maxLength);
        var allWindows = beyond >= Thresholds.AllWindowsShare;
        Choose("--windows", allWindows ? "all" : "latest", $"{Percent(beyond)} of training interactions lie before users' latest {maxLength} items"
            + (allWindows ? ": every window is trained on so that each is a target" : ": the latest window is enough"));

        var targets = profile.MeanTargetsPerSequence(maxLength, allWindows);
        var batchSize = BatchSize(targets);
        Choose("--batch-size", batchSize, $"{targets:F0} targets per training window: {batchSize} windows a batch hold about {batchSize * targets:N0} targets"
            + $" (at most {Thresholds.TargetsPerBatch:N0}, {MinBatchSize} to {MaxBatchSize} windows), so that long histories still give many steps an epoch");

        var perItem = profile.InteractionsPerItem;
        var wide = perItem >= Thresholds.WideModelInteractionsPerItem;
        var dim = wide ? WideDim : NarrowDim;
        Choose("--dim", dim, $"{perItem:F0} training interactions per item ({(wide ? "at least" : "under")} {Thresholds.WideModelInteractionsPerItem:F0})");

        var sparse = profile.MeanLength < Thresholds.ShortHistoryMeanLength;
        var dropout = sparse ? SparseDropout : DenseDropout;
        Choose("--dropout", dropout, $"mean training history {profile.MeanLength:F1} items ({(sparse ? "short" : "long")}: under {Thresholds.ShortHistoryMeanLength:F0} is short)");
        Choose("--attention-dropout", DenseDropout, "dropout on attention weights as in published SASRec");

        var text = profile.TextShare >= Thresholds.TextShare && perItem < Thresholds.TextInteractionsPerItem;
        Choose("--text", text ? "on" : "off", profile.ItemsWithText == 0 ? "no item has text"
            : profile.TextShare < Thresholds.TextShare ? $"only {Percent(profile.TextShare)} of items have text"
            : text ? $"{Percent(profile.TextShare)} of items have text and few interactions each ({perItem:F0}): their words carry what their ids cannot"
            : $"items have ample interactions ({perItem:F0} each), where ids alone rank better; --text on keeps the encoder to place new items by their text");

        var sampled = profile.Items > Thresholds.SampledSoftmaxItems;
        Choose("--loss", sampled ? "sampled" : "ce", sampled
            ? $"{profile.Items:N0} items: a sampled softmax with {SampledNegatives:N0} negatives and logQ correction costs the same whatever the catalog"
            : $"{profile.Items:N0} items: the full softmax over the catalog is affordable (sampled above {Thresholds.SampledSoftmaxItems:N0})");
        var transitions = profile.Items <= TransitionBlendOptions.Defaults.MaxItems;
        Choose("--transitions", transitions ? "auto" : "off", transitions
            ? "after training, an item-transition term is added to the scores with the weight that is best on validation (none if none helps)"
            : $"{profile.Items:N0} items: the transition table would grow with the catalog (used up to {TransitionBlendOptions.Defaults.MaxItems:N0})");
        Choose("--block-layout", "sasrec", "the published SASRec block");
        Choose("--ema-decay", WeightAverageDecay, "validation and the bundle use a moving average of the weights");
        Choose("--lr-schedule", epochsKnown ? "cosine" : "constant", epochsKnown
            ? "the number of epochs is known, so the rate falls along a cosine to the last one"
            : "no time budget or epoch count: constant rate, early stopping ends the run");
        Choose("--patience", epochsKnown ? "off" : new TrainingOptions().Patience, epochsKnown
            ? "every planned epoch runs (the cosine's last epochs are its best); the best on validation is kept"
            : "stop after this many epochs without a better validation NDCG@10");

        var model = new SequenceModelOptions
        {
            Dim = dim, MaxLength = maxLength, Dropout = dropout, AttentionDropout = DenseDropout, UseText = text, BlockLayout = BlockLayout.SASRec,
        };
        var training = new TrainingOptions
        {
            Windows = allWindows ? SequenceWindows.All : SequenceWindows.Latest,
            BatchSize = batchSize,
            Loss = sampled ? LossKind.SampledSoftmax : LossKind.CrossEntropy,
            Negatives = sampled ? SampledNegatives : new TrainingOptions().Negatives,
            WeightAverageDecay = WeightAverageDecay,
            WeightDecay = 0,
            WarmupSteps = 0,
            GradientClipNorm = 0,
            LearningRateSchedule = epochsKnown ? LearningRateSchedule.Cosine : LearningRateSchedule.Constant,
            Patience = epochsKnown ? int.MaxValue : new TrainingOptions().Patience,
        };
        return new TrainingPlan(model, training, choices, transitions);
    }

    /// <summary>The largest power of two from <see cref="MinBatchSize"/> to <see cref="MaxBatchSize"/> whose windows hold at most <see cref="Thresholds.TargetsPerBatch"/> targets.</summary>
    internal static int BatchSize(double targetsPerSequence)
    {
        var size = MaxBatchSize;
        while (size > MinBatchSize && size * targetsPerSequence > Thresholds.TargetsPerBatch)
        {
            size /= 2;
        }

        return size;
    }

    private static int RoundUp(int value, int step) => (value + step - 1) / step * step;

    private static string Percent(double share) => share.ToString("P0", CultureInfo.InvariantCulture);
}
