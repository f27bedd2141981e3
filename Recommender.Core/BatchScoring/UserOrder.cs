using Recommender.Data;

namespace Recommender.BatchScoring;

/// <summary>
/// The rule that each user's history comes in one piece: once other users' rows followed a user, that user may not
/// come back, because scoring part of a history would give a wrong answer, not a slow one. One instance spans every
/// file of a partitioned input, so a user split across two files is caught too.
/// </summary>
internal sealed class UserOrder
{
    private const string GroupedInteractions = "the interactions of each user together (sort the file by user, then time), or one row per user with a list of items";

    // The file each finished user was read from, to name both files when a user comes back in another.
    private readonly Dictionary<string, string> _finished = new(StringComparer.Ordinal);

    /// <summary>Checks that <paramref name="userId"/>, whose rows start at <paramref name="location"/> of <paramref name="filePath"/>, has not been finished before.</summary>
    /// <exception cref="DataFormatException">The user came before, here or in an earlier file.</exception>
    public void Start(string userId, string filePath, string location, HistoryLayout layout)
    {
        if (!_finished.TryGetValue(userId, out var earlier))
        {
            return;
        }

        var expected = earlier != filePath
            ? $"each user in one file only (user '{userId}' was read from {earlier} already): partition the files by user, e.g. repartition(user) in Spark"
            : layout == HistoryLayout.Interactions ? GroupedInteractions : "one row per user";
        throw new DataFormatException(filePath, location, $"user '{userId}' again, after other users' rows", expected);
    }

    /// <summary>Records that the rows of <paramref name="userId"/> in <paramref name="filePath"/> are over.</summary>
    public void Finish(string userId, string filePath) => _finished.TryAdd(userId, filePath);
}
