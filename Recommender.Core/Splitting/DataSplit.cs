using Recommender.Data;

namespace Recommender.Splitting;

/// <summary>
/// A split of an <see cref="InteractionLog"/> into training prefixes and validation and test targets.
/// Training sees, for each user, only the first <see cref="GetTrainLength"/> interactions; every
/// validation and test target lies at or after that point, so training never sees a target.
/// </summary>
public sealed class DataSplit
{
    private readonly int[] _trainLength;

    internal DataSplit(InteractionLog log, int[] trainLength, IReadOnlyList<SplitExample> validation, IReadOnlyList<SplitExample> test, SplitReport report)
    {
        Log = log;
        _trainLength = trainLength;
        Validation = validation;
        Test = test;
        Report = report;
    }

    /// <summary>The log that was split.</summary>
    public InteractionLog Log { get; }

    /// <summary>Validation targets: choose models and stop training on these.</summary>
    public IReadOnlyList<SplitExample> Validation { get; }

    /// <summary>Test targets: report final numbers on these.</summary>
    public IReadOnlyList<SplitExample> Test { get; }

    /// <summary>What the split did with every user.</summary>
    public SplitReport Report { get; }

    /// <summary>How many of user <paramref name="user"/>'s first interactions are training data.</summary>
    public int GetTrainLength(int user) => _trainLength[user];

    /// <summary>User <paramref name="user"/>'s training interactions, oldest first.</summary>
    public ReadOnlySpan<int> GetTrainItems(int user) => Log.GetItems(user)[.._trainLength[user]];

    /// <summary>The input sequence of an example: the user's interactions before the target, oldest first.</summary>
    public ReadOnlySpan<int> GetInput(SplitExample example) => Log.GetItems(example.User)[..example.Position];

    /// <summary>The target item of an example.</summary>
    public int GetTarget(SplitExample example) => Log.GetItems(example.User)[example.Position];

    /// <summary>The number of training interactions over all users.</summary>
    public long TrainInteractionCount => _trainLength.Sum(n => (long)n);
}
