namespace Recommender.LoadTest;

/// <summary>Percentiles computed exactly from every recorded latency (nearest rank), not from buckets.</summary>
internal sealed record LatencyStats(long Count, double P50, double P99, double P999, double Max, double Mean)
{
    public static LatencyStats From(List<long> ticks)
    {
        if (ticks.Count == 0)
        {
            return new LatencyStats(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        ticks.Sort();
        double Ms(long t) => t * 1000.0 / System.Diagnostics.Stopwatch.Frequency;
        double At(double q) => Ms(ticks[Math.Clamp((int)Math.Ceiling(q * ticks.Count) - 1, 0, ticks.Count - 1)]);
        return new LatencyStats(ticks.Count, At(0.50), At(0.99), At(0.999), Ms(ticks[^1]), ticks.Average(t => Ms(t)));
    }
}
