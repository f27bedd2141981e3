using Recommender.Training.Training;

namespace Recommender.Tests.Training;

public sealed class BudgetPlanTests
{
    [Theory]
    [InlineData(30, 2, 110, 50, 200, 34)]     // 1,746 s of the budget, 110 spent, 50 s an epoch: 32.7 more, rounded down.
    [InlineData(30, 2, 40, 20, 200, 87)]      // 1,706 s left at 20 s: 85 more.
    [InlineData(30, 2, 10, 5, 200, 200)]      // more than the cap fits: the cap.
    [InlineData(1, 1, 90, 90, 200, 1)]        // the first epoch alone overran the budget: it stays the only one.
    [InlineData(1, 2, 70, 40, 200, 2)]        // the two held epochs overran it: no more.
    [InlineData(10, 2, 0, 0, 50, 50)]         // epochs too fast to time: the cap.
    [InlineData(10, 2, 1, 0.5, 1, 1)]         // a cap below the epochs run keeps the cap.
    public void Plans_the_epochs_that_fit_at_the_latest_epochs_pace_within_those_run_and_the_cap(double minutes, int completed, double elapsed, double last, int cap, int expected)
    {
        Assert.Equal(expected, BudgetPlan.Epochs(TimeSpan.FromMinutes(minutes), completed, elapsed, last, cap));
    }

    [Theory]
    [InlineData(30, 1, 60, false)]    // one epoch of a minute: wait for the second, which has no warm-up.
    [InlineData(30, 2, 110, true)]    // the held epochs have run.
    [InlineData(1, 1, 40, true)]      // a second epoch at this pace would end past the budget: plan now.
    [InlineData(1, 1, 25, false)]
    public void Plans_after_the_held_epochs_or_sooner_when_another_would_not_fit(double minutes, int completed, double elapsed, bool expected)
    {
        Assert.Equal(expected, BudgetPlan.PlanNow(TimeSpan.FromMinutes(minutes), completed, elapsed));
    }
}
