namespace Recommender.Training.Training;

/// <summary>How the learning rate moves after warm-up.</summary>
public enum LearningRateSchedule
{
    /// <summary>It stays at the peak rate, as in the published SASRec code.</summary>
    Constant,

    /// <summary>
    /// It falls from the peak to zero along half a cosine, reaching zero at the end of the last of
    /// <see cref="TrainingOptions.Epochs"/>; a run stopped sooner (patience, time limit) never anneals fully.
    /// </summary>
    Cosine,
}
