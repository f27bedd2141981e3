using CsCheck;
using Recommender.Data;
using Recommender.Splitting;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Core;

public sealed class SplitterTests
{
    // Few items, so users revisit items and a leak through a repeated id would be possible to miss.
    private static readonly Gen<InteractionLog> Logs =
        Gen.Select(Gen.Int[1, 8], Gen.Int[1, 6], Gen.Long[0, 30]).Array[1, 80]
            .Select(rows => Datasets.Build(rows.Select(r => new InteractionRecord($"u{r.Item1}", $"i{r.Item2}", r.Item3)), DuplicateHandling.Keep));

    [Fact]
    public void Leave_one_out_never_leaks_a_target()
    {
        Gen.Select(Logs, Gen.Int[3, 6]).Sample((log, minLength) =>
        {
            var split = LeaveOneOutSplitter.Split(log, minLength);

            AssertNoLeakage(split);
            for (var user = 1; user <= log.UserCount; user++)
            {
                var length = log.GetSequenceLength(user);
                Assert.Equal(length >= minLength ? length - 2 : length, split.GetTrainLength(user));
            }

            Assert.All(split.Test, e => Assert.Equal(log.GetSequenceLength(e.User) - 1, e.Position));
            Assert.All(split.Validation, e => Assert.Equal(log.GetSequenceLength(e.User) - 2, e.Position));
            Assert.Equal(log.UserCount, split.Test.Count + split.Report.UsersTrainingOnly);
            Assert.Equal(log.InteractionCount, split.TrainInteractionCount + split.Validation.Count + split.Test.Count);
        }, iter: 500, seed: "0N0XIzNsQ0O2");
    }

    [Fact]
    public void Global_temporal_split_never_leaks_a_target_and_respects_the_cuts()
    {
        Gen.Select(Logs, Gen.Long[0, 30], Gen.Long[0, 30]).Sample((log, a, b) =>
        {
            var (validationStart, testStart) = (Math.Min(a, b), Math.Max(a, b));
            var split = GlobalTemporalSplitter.Split(log, validationStart, testStart);

            AssertNoLeakage(split);
            for (var user = 1; user <= log.UserCount; user++)
            {
                var times = log.GetTimestamps(user);
                Assert.All(times[..split.GetTrainLength(user)].ToArray(), t => Assert.True(t < validationStart));
            }

            Assert.All(split.Validation, e => Assert.InRange(log.GetTimestamps(e.User)[e.Position], validationStart, testStart - 1));
            Assert.All(split.Test, e => Assert.True(log.GetTimestamps(e.User)[e.Position] >= testStart));
        }, iter: 500, seed: "0N0XIzNsQ0O2");
    }

    [Fact]
    public void Short_users_train_only_and_are_counted()
    {
        var log = Datasets.Build([new("a", "1"), new("a", "2"), new("b", "1"), new("b", "2"), new("b", "3")]);

        var split = LeaveOneOutSplitter.Split(log);

        Assert.Equal(1, split.Report.UsersTrainingOnly);
        Assert.Equal(["3"], split.Test.Select(e => log.Items.GetId(split.GetTarget(e))));
        Assert.Equal(["2"], split.Validation.Select(e => log.Items.GetId(split.GetTarget(e))));
        Assert.Equal(2, split.GetTrainLength(log.Users["a"]));
        Assert.Contains("leave-one-out by time", split.Report.Protocol, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_split_options_are_refused_with_the_reason()
    {
        var untimed = Datasets.Build([new("a", "1"), new("a", "2"), new("a", "3")]);

        Assert.Contains("at least 3 interactions", Assert.Throws<ArgumentOutOfRangeException>(() => LeaveOneOutSplitter.Split(untimed, 2)).Message, StringComparison.Ordinal);
        Assert.Contains("needs timestamps", Assert.Throws<InvalidOperationException>(() => GlobalTemporalSplitter.SplitByFraction(untimed)).Message, StringComparison.Ordinal);
    }

    private static void AssertNoLeakage(DataSplit split)
    {
        foreach (var example in split.Validation.Concat(split.Test))
        {
            // The input is strictly the past: the target event itself is never part of it.
            Assert.Equal(example.Position, split.GetInput(example).Length);
            Assert.True(split.GetTrainLength(example.User) <= example.Position, "training sees a target");
        }

        foreach (var test in split.Test)
        {
            Assert.All(split.Validation.Where(v => v.User == test.User), v => Assert.True(v.Position < test.Position));
        }
    }
}
