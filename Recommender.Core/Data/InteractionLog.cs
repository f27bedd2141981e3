namespace Recommender.Data;

/// <summary>
/// Interactions grouped by user, each user's in time order (ties keep source order), with users
/// and items mapped to dense indices (0 is padding). Built by <see cref="InteractionLogBuilder"/>.
/// </summary>
public sealed class InteractionLog
{
    private readonly int[] _offsets;
    private readonly int[] _items;
    private readonly long[]? _timestamps;
    private readonly float[]? _ratings;

    internal InteractionLog(IdMap users, IdMap items, int[] offsets, int[] itemIndices, long[]? timestamps, float[]? ratings)
    {
        Users = users;
        Items = items;
        _offsets = offsets;
        _items = itemIndices;
        _timestamps = timestamps;
        _ratings = ratings;
    }

    /// <summary>Users: index u (1..<see cref="UserCount"/>) is a user with at least one interaction.</summary>
    public IdMap Users { get; }

    /// <summary>Items: index i (1..<see cref="ItemCount"/>) is an item with at least one interaction.</summary>
    public IdMap Items { get; }

    /// <summary>The number of users.</summary>
    public int UserCount => Users.Count;

    /// <summary>The number of distinct items.</summary>
    public int ItemCount => Items.Count;

    /// <summary>The number of interactions.</summary>
    public int InteractionCount => _items.Length;

    /// <summary>Whether the interactions carry timestamps (otherwise source order is time order).</summary>
    public bool HasTimestamps => _timestamps is not null;

    /// <summary>Whether the interactions carry ratings.</summary>
    public bool HasRatings => _ratings is not null;

    /// <summary>The item indices of user <paramref name="user"/>'s interactions, oldest first.</summary>
    public ReadOnlySpan<int> GetItems(int user) => _items.AsSpan(Range(user));

    /// <summary>The timestamps of user <paramref name="user"/>'s interactions, or an empty span without timestamps.</summary>
    public ReadOnlySpan<long> GetTimestamps(int user) => _timestamps is null ? [] : _timestamps.AsSpan(Range(user));

    /// <summary>The ratings of user <paramref name="user"/>'s interactions (NaN where a row had none), or an empty span without ratings.</summary>
    public ReadOnlySpan<float> GetRatings(int user) => _ratings is null ? [] : _ratings.AsSpan(Range(user));

    /// <summary>The number of interactions of user <paramref name="user"/>.</summary>
    public int GetSequenceLength(int user) => Range(user).GetOffsetAndLength(_items.Length).Length;

    /// <summary>How many interactions each item has: element i is item index i's count (element 0 is 0).</summary>
    public int[] CountItemInteractions()
    {
        var counts = new int[ItemCount + 1];
        foreach (var item in _items)
        {
            counts[item]++;
        }

        return counts;
    }

    /// <summary>The interactions as source records, user by user in time order.</summary>
    public IEnumerable<InteractionRecord> ToRecords()
    {
        for (var user = 1; user <= UserCount; user++)
        {
            var userId = Users.GetId(user);
            for (var i = _offsets[user]; i < _offsets[user + 1]; i++)
            {
                float? rating = _ratings is null || float.IsNaN(_ratings[i]) ? null : _ratings[i];
                yield return new InteractionRecord(userId, Items.GetId(_items[i]), _timestamps?[i], rating);
            }
        }
    }

    private Range Range(int user)
    {
        if (user <= IdMap.Padding || user > UserCount)
        {
            throw new ArgumentOutOfRangeException(nameof(user), user, $"Expected a user index from 1 to {UserCount}.");
        }

        return _offsets[user].._offsets[user + 1];
    }
}
