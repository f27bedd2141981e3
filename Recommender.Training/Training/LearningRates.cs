namespace Recommender.Training.Training;

/// <summary>The learning rate at each optimisation step: linear warm-up, then the <see cref="LearningRateSchedule"/>.</summary>
internal static class LearningRates
{
    /// <summary>
    /// The rate for step <paramref name="step"/> (1-based) of a run of <paramref name="totalSteps"/> steps. A cosine
    /// holds the peak for the first <paramref name="holdSteps"/> steps (the first epochs, whose rates then do not depend
    /// on how many epochs follow, so a time budget can plan them from its measured length) and falls from there.
    /// </summary>
    public static double At(TrainingOptions options, long step, long totalSteps, long holdSteps = 0)
    {
        var peak = options.LearningRate;
        var warmup = options.WarmupSteps;
        if (warmup > 0 && step < warmup)
        {
            return peak * step / warmup;
        }

        var start = Math.Max(warmup, holdSteps);
        if (options.LearningRateSchedule == LearningRateSchedule.Constant || totalSteps <= start)
        {
            return peak;
        }

        var progress = Math.Clamp((double)(step - start) / (totalSteps - start), 0, 1);
        return peak * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }
}
