using Recommender.Splitting;

namespace Recommender.Evaluation;

/// <summary>
/// Each user's distinct training items, and each item's users, as flat arrays with offsets: the sets that the
/// order-blind baselines (<see cref="ItemKnnScorer"/>, <see cref="EaseScorer"/>) are fitted on.
/// </summary>
internal static class TrainingItemSets
{
    /// <summary>User u's distinct training items, in first-seen order, are <c>Items[Offsets[u]..Offsets[u + 1]]</c>.</summary>
    public static (int[] Offsets, int[] Items) ByUser(DataSplit split)
    {
        var log = split.Log;
        var offsets = new int[log.UserCount + 2];
        var items = new List<int>((int)Math.Min(split.TrainInteractionCount, int.MaxValue));
        var stamp = new int[log.ItemCount + 1];
        for (var user = 1; user <= log.UserCount; user++)
        {
            foreach (var item in split.GetTrainItems(user))
            {
                if (stamp[item] != user)
                {
                    stamp[item] = user;
                    items.Add(item);
                }
            }

            offsets[user + 1] = items.Count;
        }

        return (offsets, items.ToArray());
    }

    /// <summary>Item i's users, ascending, are <c>Users[Offsets[i]..Offsets[i + 1]]</c>.</summary>
    public static (int[] Offsets, int[] Users) ByItem(int[] userOffsets, int[] userItems, int itemCount)
    {
        var offsets = new int[itemCount + 2];
        foreach (var item in userItems)
        {
            offsets[item + 1]++;
        }

        for (var item = 1; item < offsets.Length; item++)
        {
            offsets[item] += offsets[item - 1];
        }

        var next = offsets[..^1];
        var users = new int[userItems.Length];
        for (var user = 1; user < userOffsets.Length - 1; user++)
        {
            for (var k = userOffsets[user]; k < userOffsets[user + 1]; k++)
            {
                users[next[userItems[k]]++] = user;
            }
        }

        return (offsets, users);
    }
}
