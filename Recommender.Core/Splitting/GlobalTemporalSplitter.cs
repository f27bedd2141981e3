using System.Globalization;
using Recommender.Data;

namespace Recommender.Splitting;

/// <summary>
/// Global temporal split: two cut times divide all interactions into training (before the first cut),
/// validation (between the cuts) and test (from the second cut). Each user's first interaction in the
/// validation window is a validation target, the first from the second cut a test target; the input of
/// a target is everything the user did before it. Needs timestamps.
/// </summary>
public static class GlobalTemporalSplitter
{
    /// <summary>Splits at the times below which the given fractions of all interactions fall (e.g. 0.8 and 0.9).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The fractions are not 0 &lt; validation ≤ test &lt; 1.</exception>
    /// <exception cref="InvalidOperationException">The log has no timestamps.</exception>
    public static DataSplit SplitByFraction(InteractionLog log, double validationFraction = 0.8, double testFraction = 0.9)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (!(validationFraction > 0 && validationFraction <= testFraction && testFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(validationFraction),
                $"Expected 0 < validation fraction ({validationFraction}) <= test fraction ({testFraction}) < 1.");
        }

        var (validationStart, testStart) = CutTimes(log, validationFraction, testFraction);
        return Split(log, validationStart, testStart);
    }

    /// <summary>The times below which the given fractions of all interactions fall: the cuts <see cref="SplitByFraction"/> uses.</summary>
    internal static (long ValidationStart, long TestStart) CutTimes(InteractionLog log, double validationFraction, double testFraction)
    {
        var times = AllTimestamps(log);
        Array.Sort(times);
        return (times[(int)(validationFraction * (times.Length - 1))], times[(int)(testFraction * (times.Length - 1))]);
    }

    /// <summary>Splits at explicit cut times: training is before <paramref name="validationStart"/>, test from <paramref name="testStart"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="testStart"/> is before <paramref name="validationStart"/>.</exception>
    /// <exception cref="InvalidOperationException">The log has no timestamps.</exception>
    public static DataSplit Split(InteractionLog log, long validationStart, long testStart)
    {
        ArgumentNullException.ThrowIfNull(log);
        RequireTimestamps(log);
        if (testStart < validationStart)
        {
            throw new ArgumentOutOfRangeException(nameof(testStart), testStart, $"The test cut must not be before the validation cut ({validationStart}).");
        }

        var trainLength = new int[log.UserCount + 1];
        var validation = new List<SplitExample>();
        var test = new List<SplitExample>();
        int trainingOnly = 0, withoutTraining = 0;
        for (var user = 1; user <= log.UserCount; user++)
        {
            var times = log.GetTimestamps(user);
            var train = LowerBound(times, validationStart);
            var testPosition = LowerBound(times, testStart);
            trainLength[user] = train;
            var hasTarget = false;
            if (train < testPosition)
            {
                validation.Add(new SplitExample(user, train));
                hasTarget = true;
            }

            if (testPosition < times.Length)
            {
                test.Add(new SplitExample(user, testPosition));
                hasTarget = true;
            }

            trainingOnly += hasTarget ? 0 : 1;
            withoutTraining += hasTarget && train == 0 ? 1 : 0;
        }

        var protocol = string.Create(CultureInfo.InvariantCulture,
            $"global temporal split: training before t={validationStart}, validation target = each user's first interaction in [{validationStart}, {testStart}), test target = first at or after {testStart}");
        var report = new SplitReport(protocol, log.UserCount, test.Count, validation.Count, trainingOnly, withoutTraining);
        return new DataSplit(log, trainLength, validation, test, report);
    }

    private static long[] AllTimestamps(InteractionLog log)
    {
        RequireTimestamps(log);
        var all = new long[log.InteractionCount];
        var offset = 0;
        for (var user = 1; user <= log.UserCount; user++)
        {
            var times = log.GetTimestamps(user);
            times.CopyTo(all.AsSpan(offset));
            offset += times.Length;
        }

        return all;
    }

    private static void RequireTimestamps(InteractionLog log)
    {
        if (!log.HasTimestamps)
        {
            throw new InvalidOperationException("A global temporal split needs timestamps, and these interactions have none; use leave-one-out, which orders by position.");
        }
    }

    private static int LowerBound(ReadOnlySpan<long> sorted, long value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) lo = mid + 1;
            else hi = mid;
        }

        return lo;
    }
}
