using System.Globalization;
using Recommender.Data;

namespace Recommender.Splitting;

/// <summary>
/// Chronological leave-one-out: per user, the last interaction is the test target, the one before
/// it the validation target, and the rest is training. Ties in time keep source order (the log's order).
/// </summary>
public static class LeaveOneOutSplitter
{
    /// <summary>The default minimum sequence length: one training item, one validation and one test target.</summary>
    public const int DefaultMinSequenceLength = 3;

    /// <summary>Splits <paramref name="log"/>.</summary>
    /// <param name="log">The interactions.</param>
    /// <param name="minSequenceLength">
    /// Users with fewer interactions get no targets; all their interactions stay in training and are counted
    /// in <see cref="SplitReport.UsersTrainingOnly"/>. At least 3.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minSequenceLength"/> is below 3.</exception>
    public static DataSplit Split(InteractionLog log, int minSequenceLength = DefaultMinSequenceLength)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (minSequenceLength < DefaultMinSequenceLength)
        {
            throw new ArgumentOutOfRangeException(nameof(minSequenceLength), minSequenceLength,
                "Leave-one-out needs at least 3 interactions per user: one to learn from, one validation and one test target.");
        }

        var trainLength = new int[log.UserCount + 1];
        var validation = new List<SplitExample>(log.UserCount);
        var test = new List<SplitExample>(log.UserCount);
        var trainingOnly = 0;
        for (var user = 1; user <= log.UserCount; user++)
        {
            var length = log.GetSequenceLength(user);
            if (length < minSequenceLength)
            {
                trainLength[user] = length;
                trainingOnly++;
                continue;
            }

            trainLength[user] = length - 2;
            validation.Add(new SplitExample(user, length - 2));
            test.Add(new SplitExample(user, length - 1));
        }

        var protocol = string.Create(CultureInfo.InvariantCulture,
            $"leave-one-out by time: per user the last interaction is the test target, the one before it validation; users with < {minSequenceLength} interactions train only");
        var report = new SplitReport(protocol, log.UserCount, test.Count, validation.Count, trainingOnly, 0);
        return new DataSplit(log, trainLength, validation, test, report);
    }
}
