namespace Recommender.Training.Training;

/// <summary>
/// How many epochs a <see cref="TrainingOptions.TimeBudget"/> holds, planned once the first epoch has run: its rate
/// does not depend on the plan (a cosine holds the peak through it), so planning changes no result but how many epochs
/// follow and where the cosine ends.
/// </summary>
internal static class BudgetPlan
{
    /// <summary>Share of the budget planned: the first epoch's one-off warm-up makes later ones rarely slower, and the rest covers the export.</summary>
    public const double Margin = 0.97;

    /// <summary>The epochs, the first included, from 1 to <paramref name="cap"/>, whose time fits in the budget at the first epoch's pace.</summary>
    public static int Epochs(TimeSpan budget, double firstEpochSeconds, int cap)
    {
        var more = Math.Floor((budget.TotalSeconds * Margin - firstEpochSeconds) / Math.Max(firstEpochSeconds, 1e-3));
        return (int)Math.Clamp(1 + more, 1, cap);
    }
}
