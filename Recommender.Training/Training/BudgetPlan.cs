namespace Recommender.Training.Training;

/// <summary>
/// How many epochs a <see cref="TrainingOptions.TimeBudget"/> holds. A cosine schedule holds its peak rate through the
/// first <see cref="HeldEpochs"/> epochs, so their results do not depend on the plan: the plan is made once they have
/// run, from the pace of the latest (the first also carries one-off warm-up), and changes nothing but how many epochs
/// follow and where the cosine ends. A run given that many epochs (<c>--epochs N</c>) repeats the budgeted run exactly.
/// </summary>
internal static class BudgetPlan
{
    /// <summary>Share of the budget planned: the rest covers an epoch slower than the one measured and the export.</summary>
    public const double Margin = 0.97;

    /// <summary>Epochs at the peak rate before a cosine falls: the plan is made after the last of them.</summary>
    public const int HeldEpochs = 2;

    /// <summary>
    /// Whether to plan after <paramref name="completed"/> epochs that took <paramref name="elapsedSeconds"/> in all: once
    /// the held epochs have run, or sooner when one more epoch at the pace so far would not fit in the budget.
    /// </summary>
    public static bool PlanNow(TimeSpan budget, int completed, double elapsedSeconds) =>
        completed >= HeldEpochs || elapsedSeconds / completed * (completed + 1) > budget.TotalSeconds * Margin;

    /// <summary>
    /// The epochs, the <paramref name="completed"/> ones included, whose time fits in the budget at the pace of the
    /// latest epoch (<paramref name="lastEpochSeconds"/>), within the ones already run and <paramref name="cap"/>.
    /// </summary>
    public static int Epochs(TimeSpan budget, int completed, double elapsedSeconds, double lastEpochSeconds, int cap)
    {
        var more = Math.Floor((budget.TotalSeconds * Margin - elapsedSeconds) / Math.Max(lastEpochSeconds, 1e-3));
        return (int)Math.Clamp(completed + Math.Max(more, 0), Math.Min(completed, cap), cap);
    }
}
