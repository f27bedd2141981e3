namespace Recommender.Training.Training;

/// <summary>The learning rate at each optimisation step: linear warm-up, then the <see cref="LearningRateSchedule"/>.</summary>
internal static class LearningRates
{
    /// <summary>The rate for step <paramref name="step"/> (1-based) of a run of <paramref name="totalSteps"/> steps.</summary>
    public static double At(TrainingOptions options, long step, long totalSteps)
    {
        var peak = options.LearningRate;
        var warmup = options.WarmupSteps;
        if (warmup > 0 && step < warmup)
        {
            return peak * step / warmup;
        }

        if (options.LearningRateSchedule == LearningRateSchedule.Constant || totalSteps <= warmup)
        {
            return peak;
        }

        var progress = Math.Clamp((double)(step - warmup) / (totalSteps - warmup), 0, 1);
        return peak * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }
}
