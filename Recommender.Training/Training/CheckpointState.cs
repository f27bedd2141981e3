namespace Recommender.Training.Training;

/// <summary>Everything besides tensors that a resumed run needs to continue exactly where the last epoch ended.</summary>
/// <remarks>
/// No random-generator state is stored: every epoch reseeds from <see cref="TrainingOptions.Seed"/> and its own number,
/// so epoch e after a resume draws exactly what it would have drawn without the interruption.
/// </remarks>
internal sealed record CheckpointState(
    Modeling.SequenceModelOptions Model,
    TrainingOptions Training,
    int CompletedEpochs,
    int Steps,
    int BestEpoch,
    double BestNdcg,
    int EpochsWithoutImprovement,
    double ElapsedSeconds,
    IReadOnlyList<EpochReport> History);
