using Recommender.Training.Training;

namespace Recommender.Tests.Training;

public sealed class BudgetPlanTests
{
    [Theory]
    [InlineData(30, 60, 200, 29)]     // 1,746 s of the budget at 60 s an epoch: the first and 28 more.
    [InlineData(30, 20, 200, 87)]     // 1,746 s at 20 s: 87.3 epochs, rounded down.
    [InlineData(30, 5, 200, 200)]     // more than the cap fits: the cap.
    [InlineData(1, 90, 200, 1)]       // the first epoch alone overran the budget: it stays the only one.
    [InlineData(10, 0, 50, 50)]       // an epoch too fast to time: the cap.
    public void Plans_the_epochs_that_fit_at_the_first_epochs_pace_within_one_and_the_cap(double minutes, double firstEpochSeconds, int cap, int expected)
    {
        Assert.Equal(expected, BudgetPlan.Epochs(TimeSpan.FromMinutes(minutes), firstEpochSeconds, cap));
    }
}
