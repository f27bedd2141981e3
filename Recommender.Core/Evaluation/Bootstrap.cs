namespace Recommender.Evaluation;

/// <summary>
/// Percentile bootstrap over examples: resample the examples with replacement, recompute the mean, and read the
/// interval off the resampled means. The same resamples serve every model, so differences between models are paired.
/// </summary>
internal sealed class Bootstrap
{
    private readonly int[][] _samples;

    public Bootstrap(int examples, int resamples, int seed)
    {
        var random = new Random(seed);
        _samples = [.. Enumerable.Range(0, resamples).Select(_ => Enumerable.Range(0, examples).Select(_ => random.Next(examples)).ToArray())];
    }

    /// <summary>The central <paramref name="level"/> interval of the mean of <paramref name="values"/> (one per example).</summary>
    public (double Low, double High) Interval(IReadOnlyList<double> values, double level = 0.95)
    {
        var means = _samples.Select(sample => sample.Average(i => values[i])).Order().ToArray();
        var tail = (1 - level) / 2;
        return (means[(int)Math.Floor(tail * (means.Length - 1))], means[(int)Math.Ceiling((1 - tail) * (means.Length - 1))]);
    }
}
