namespace Recommender.Training.Training;

/// <summary>Where a training run keeps its state and its log, so a killed run can continue.</summary>
public sealed record TrainingRun
{
    /// <summary>Checkpoint file written atomically after every epoch; null for none. Default null.</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Continue from <see cref="CheckpointPath"/> if it exists (it must have been written with the same options). Default false.</summary>
    public bool Resume { get; init; }

    /// <summary>JSON-lines file that gets one <see cref="EpochReport"/> per epoch; null for none. Default null.</summary>
    public string? MetricsLogPath { get; init; }

    /// <summary>
    /// The model to continue from instead of starting from nothing (its shape must be the run's; a checkpoint being
    /// resumed wins over it); null to start from nothing. Default null.
    /// </summary>
    public WarmStart? WarmStart { get; init; }
}
