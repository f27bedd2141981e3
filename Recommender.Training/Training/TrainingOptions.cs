using static Recommender.Training.OptionChecks;

namespace Recommender.Training.Training;

/// <summary>How a <see cref="SequenceTrainer"/> trains. Defaults suit MovieLens-1M-sized data on a CPU.</summary>
public sealed record TrainingOptions
{
    /// <summary>The most epochs to train; early stopping usually ends sooner. Default 200.</summary>
    public int Epochs { get; init; } = 200;

    /// <summary>Sequences per batch. Default 128.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Peak learning rate of AdamW. Default 0.001.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>AdamW's second-moment decay rate β2 (β1 is 0.9). Default 0.98, as in the SASRec paper.</summary>
    public double AdamBeta2 { get; init; } = 0.98;

    /// <summary>AdamW's decoupled weight decay. Default 0.01.</summary>
    public double WeightDecay { get; init; } = 0.01;

    /// <summary>Steps of linear learning-rate warm-up from 0 to <see cref="LearningRate"/>. Default 100.</summary>
    public int WarmupSteps { get; init; } = 100;

    /// <summary>How the learning rate moves after warm-up. Default <see cref="LearningRateSchedule.Constant"/>.</summary>
    public LearningRateSchedule LearningRateSchedule { get; init; } = LearningRateSchedule.Constant;

    /// <summary>Gradients are clipped to this global L2 norm; 0 turns clipping off. Default 1.</summary>
    public double GradientClipNorm { get; init; } = 1.0;

    /// <summary>What the model learns to predict. Default <see cref="TrainingObjective.NextItem"/>.</summary>
    public TrainingObjective Objective { get; init; } = TrainingObjective.NextItem;

    /// <summary>The loss. Default <see cref="LossKind.CrossEntropy"/> over the full catalog.</summary>
    public LossKind Loss { get; init; } = LossKind.CrossEntropy;

    /// <summary>Negatives per batch for the sampled losses (shared by the batch's positions). Default 256.</summary>
    public int Negatives { get; init; } = 256;

    /// <summary>How negatives are drawn. Default <see cref="NegativeSampling.Uniform"/>.</summary>
    public NegativeSampling NegativeSampling { get; init; } = NegativeSampling.Uniform;

    /// <summary>gBCE's calibration t in [0, 1]: 0 is plain BCE, 1 fully calibrated. Default 0.75 (as in gSASRec).</summary>
    public double GbceCalibration { get; init; } = 0.75;

    /// <summary>Probability of masking each item for the masked-item objective. Default 0.2.</summary>
    public double MaskProbability { get; init; } = 0.2;

    /// <summary>
    /// How much each batch's loss counts. Default <see cref="BatchWeighting.ByPositions"/>, which trains better on
    /// MovieLens 1M (benchmarks/RESULTS.md).
    /// </summary>
    public BatchWeighting BatchWeighting { get; init; } = BatchWeighting.ByPositions;

    /// <summary>Which sequences share a batch. Default <see cref="BatchComposition.SimilarLengths"/>.</summary>
    public BatchComposition BatchComposition { get; init; } = BatchComposition.SimilarLengths;

    /// <summary>Which parts of histories longer than the model reads are trained on. Default <see cref="SequenceWindows.Latest"/>.</summary>
    public SequenceWindows Windows { get; init; } = SequenceWindows.Latest;

    /// <summary>
    /// Decay of an exponential moving average of the weights, folded in after every step; when on, validation, early
    /// stopping and the returned model use the average. 0 turns it off; 0.999 averages over about the last thousand
    /// steps. Default 0.
    /// </summary>
    public double WeightAverageDecay { get; init; }

    /// <summary>Epochs without a better validation NDCG@10 before training stops. Default 10.</summary>
    public int Patience { get; init; } = 10;

    /// <summary>Seed of everything random: initial weights, batch order, dropout, negatives. Default 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Where to train. Default <see cref="ComputeDevice.Auto"/>.</summary>
    public ComputeDevice Device { get; init; } = ComputeDevice.Auto;

    /// <summary>CPU threads for TorchSharp; 0 keeps its default (one per core). Default 0.</summary>
    public int Threads { get; init; }

    /// <summary>Stop after the epoch during which this much time has passed; null for no limit. Default null.</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>
    /// Time for the whole run, validation included; null for none. Default null. When set, training first times a few
    /// steps and a validation pass, then plans <see cref="Epochs"/> to end within the budget (the planned number replaces
    /// the one given, and the trained model reports it, so the same run can be repeated with that number of epochs),
    /// and stops at the budget should the machine slow down.
    /// </summary>
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>Validation users evaluated each epoch; 0 means all. A sample keeps epochs short on big data. Default 0.</summary>
    public int ValidationUsers { get; init; }

    /// <summary>Checks the options, naming the first one out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        Require(Epochs >= 1, $"{nameof(TrainingOptions)}.{nameof(Epochs)}", Epochs, "at least 1");
        Require(BatchSize is >= 1 and <= 65536, $"{nameof(TrainingOptions)}.{nameof(BatchSize)}", BatchSize, "from 1 to 65536");
        Require(LearningRate is > 0 and < 1, $"{nameof(TrainingOptions)}.{nameof(LearningRate)}", LearningRate, "in (0, 1)");
        Require(AdamBeta2 is > 0 and < 1, $"{nameof(TrainingOptions)}.{nameof(AdamBeta2)}", AdamBeta2, "in (0, 1)");
        Require(WeightDecay >= 0, $"{nameof(TrainingOptions)}.{nameof(WeightDecay)}", WeightDecay, "0 or more");
        Require(WarmupSteps >= 0, $"{nameof(TrainingOptions)}.{nameof(WarmupSteps)}", WarmupSteps, "0 or more");
        Require(GradientClipNorm >= 0, $"{nameof(TrainingOptions)}.{nameof(GradientClipNorm)}", GradientClipNorm, "0 (off) or more");
        Require(Negatives >= 1, $"{nameof(TrainingOptions)}.{nameof(Negatives)}", Negatives, "at least 1");
        Require(GbceCalibration is >= 0 and <= 1, $"{nameof(TrainingOptions)}.{nameof(GbceCalibration)}", GbceCalibration, "in [0, 1]");
        Require(MaskProbability is > 0 and < 1, $"{nameof(TrainingOptions)}.{nameof(MaskProbability)}", MaskProbability, "in (0, 1)");
        Require(WeightAverageDecay is >= 0 and < 1, $"{nameof(TrainingOptions)}.{nameof(WeightAverageDecay)}", WeightAverageDecay, "in [0, 1) (0: off)");
        Require(Patience >= 1, $"{nameof(TrainingOptions)}.{nameof(Patience)}", Patience, "at least 1");
        Require(Threads >= 0, $"{nameof(TrainingOptions)}.{nameof(Threads)}", Threads, "0 (default) or more");
        Require(TimeLimit is null || TimeLimit > TimeSpan.Zero, $"{nameof(TrainingOptions)}.{nameof(TimeLimit)}", TimeLimit ?? TimeSpan.Zero, "positive");
        Require(TimeBudget is null || TimeBudget > TimeSpan.Zero, $"{nameof(TrainingOptions)}.{nameof(TimeBudget)}", TimeBudget ?? TimeSpan.Zero, "positive");
        Require(ValidationUsers >= 0, $"{nameof(TrainingOptions)}.{nameof(ValidationUsers)}", ValidationUsers, "0 (all) or more");
    }
}
