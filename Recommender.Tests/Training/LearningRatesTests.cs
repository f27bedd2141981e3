using CsCheck;
using Recommender.Training.Training;

namespace Recommender.Tests.Training;

public sealed class LearningRatesTests
{
    [Theory]
    [InlineData(LearningRateSchedule.Constant, 1, 0.00001)]
    [InlineData(LearningRateSchedule.Constant, 50, 0.0005)]
    [InlineData(LearningRateSchedule.Constant, 100, 0.001)]
    [InlineData(LearningRateSchedule.Constant, 1100, 0.001)]
    [InlineData(LearningRateSchedule.Constant, 5000, 0.001)]
    [InlineData(LearningRateSchedule.Cosine, 50, 0.0005)]
    [InlineData(LearningRateSchedule.Cosine, 100, 0.001)]
    [InlineData(LearningRateSchedule.Cosine, 600, 0.0005)]
    [InlineData(LearningRateSchedule.Cosine, 1100, 0.0)]
    [InlineData(LearningRateSchedule.Cosine, 1200, 0.0)]
    public void Warm_up_rises_linearly_then_constant_stays_at_the_peak_and_cosine_falls_through_half_way_to_zero_at_the_last_step(
        LearningRateSchedule schedule, int step, double expected)
    {
        var options = new TrainingOptions { LearningRate = 0.001, WarmupSteps = 100, LearningRateSchedule = schedule };

        Assert.Equal(expected, LearningRates.At(options, step, totalSteps: 1100), 12);
    }

    [Theory]
    [InlineData(1, 0.001)]
    [InlineData(300, 0.001)]
    [InlineData(700, 0.0005)]
    [InlineData(1100, 0.0)]
    public void A_held_cosine_keeps_the_peak_through_the_first_epoch_and_falls_from_there(int step, double expected)
    {
        var options = new TrainingOptions { LearningRate = 0.001, WarmupSteps = 0, LearningRateSchedule = LearningRateSchedule.Cosine };

        Assert.Equal(expected, LearningRates.At(options, step, totalSteps: 1100, holdSteps: 300), 12);
    }

    [Fact]
    public void Cosine_never_rises_after_warm_up_and_stays_within_zero_and_the_peak()
    {
        Gen.Select(Gen.Int[0, 50], Gen.Int[1, 2000], Gen.Double[1e-5, 0.1]).Sample((warmup, total, peak) =>
        {
            var options = new TrainingOptions { LearningRate = peak, WarmupSteps = warmup, LearningRateSchedule = LearningRateSchedule.Cosine };
            var previous = double.PositiveInfinity;
            for (var step = Math.Max(warmup, 1); step <= total + 5; step++)
            {
                var rate = LearningRates.At(options, step, total);
                Assert.InRange(rate, 0, peak);
                Assert.True(rate <= previous, $"step {step}: {rate} after {previous}");
                previous = rate;
            }
        }, iter: 100, seed: "0N0XIzNsQ0O2");
    }
}
