namespace Recommender.Data;

/// <summary>
/// Collects interaction records in source order and builds an <see cref="InteractionLog"/>:
/// ids mapped, each user's interactions sorted by time (stable), exact duplicates handled and counted.
/// </summary>
public sealed class InteractionLogBuilder
{
    private readonly IdMap _users = new();
    private readonly IdMap _items = new();
    private readonly List<int> _userIndices = [];
    private readonly List<int> _itemIndices = [];
    private readonly List<long> _timestamps = [];
    private readonly List<float> _ratings = [];
    private int _withTimestamp;
    private int _withRating;

    /// <summary>A builder whose item map starts empty: item indices in order of first appearance.</summary>
    public InteractionLogBuilder()
    {
    }

    /// <summary>A builder whose item map starts with <paramref name="knownItems"/> at indices 1, 2, ..., in order (see <see cref="DataReadOptions.KnownItems"/>).</summary>
    /// <exception cref="ArgumentException">An id is given twice.</exception>
    public InteractionLogBuilder(IEnumerable<string> knownItems)
    {
        ArgumentNullException.ThrowIfNull(knownItems);
        foreach (var id in knownItems)
        {
            if (_items.GetOrAdd(id) != _items.Count)
            {
                throw new ArgumentException($"Item '{id}' is given twice among the known items.", nameof(knownItems));
            }
        }
    }

    /// <summary>How exact duplicates are handled. Default: <see cref="DuplicateHandling.Drop"/>.</summary>
    public DuplicateHandling Duplicates { get; init; } = DuplicateHandling.Drop;

    /// <summary>The number of records added so far.</summary>
    public int Count => _userIndices.Count;

    /// <summary>Adds one record; call in source order, since source order breaks ties in time.</summary>
    public void Add(InteractionRecord record)
    {
        _userIndices.Add(_users.GetOrAdd(record.UserId));
        _itemIndices.Add(_items.GetOrAdd(record.ItemId));
        _timestamps.Add(record.Timestamp ?? 0);
        _ratings.Add(record.Rating ?? float.NaN);
        _withTimestamp += record.Timestamp.HasValue ? 1 : 0;
        _withRating += record.Rating.HasValue ? 1 : 0;
    }

    /// <summary>Builds the log.</summary>
    /// <exception cref="InvalidDataException">Some records have timestamps and others do not, so no time order exists.</exception>
    public (InteractionLog Log, DuplicateCounts Duplicates) Build()
    {
        var count = _userIndices.Count;
        var hasTimestamps = _withTimestamp > 0;
        if (hasTimestamps && _withTimestamp != count)
        {
            throw new InvalidDataException(
                $"{_withTimestamp:N0} of {count:N0} interactions have a timestamp and the others do not; order by time needs all or none.");
        }

        var order = SortByUserThenTime(hasTimestamps);
        var keep = new List<int>(count);
        var offsets = new int[_users.Count + 2];
        long dropped = 0, exact = 0, repeats = 0;
        var seenItems = new HashSet<int>();
        var seenEvents = new HashSet<(int Item, long Time)>();
        var start = 0;
        for (var user = 1; user <= _users.Count; user++)
        {
            offsets[user] = keep.Count;
            seenItems.Clear();
            seenEvents.Clear();
            var previousItem = IdMap.Padding;
            for (; start < count && _userIndices[order[start]] == user; start++)
            {
                var row = order[start];
                var item = _itemIndices[row];
                var isExact = hasTimestamps ? !seenEvents.Add((item, _timestamps[row])) : item == previousItem;
                previousItem = item;
                if (isExact)
                {
                    exact++;
                    if (Duplicates == DuplicateHandling.Drop)
                    {
                        dropped++;
                        continue;
                    }
                }
                else if (!seenItems.Add(item))
                {
                    repeats++;
                }

                seenItems.Add(item);
                keep.Add(row);
            }
        }

        offsets[_users.Count + 1] = keep.Count;
        var log = new InteractionLog(
            _users,
            _items,
            offsets,
            [.. keep.Select(r => _itemIndices[r])],
            hasTimestamps ? [.. keep.Select(r => _timestamps[r])] : null,
            _withRating > 0 ? [.. keep.Select(r => _ratings[r])] : null);
        return (log, new DuplicateCounts(exact, dropped, repeats));
    }

    private int[] SortByUserThenTime(bool byTime)
    {
        var count = _userIndices.Count;
        var order = new int[count];
        for (var i = 0; i < count; i++)
        {
            order[i] = i;
        }

        // Row index as the last key makes the unstable Array.Sort keep source order for ties.
        Comparison<int> compare = byTime
            ? (a, b) =>
            {
                var c = _userIndices[a].CompareTo(_userIndices[b]);
                if (c == 0) c = _timestamps[a].CompareTo(_timestamps[b]);
                return c != 0 ? c : a.CompareTo(b);
            }
            : (a, b) =>
            {
                var c = _userIndices[a].CompareTo(_userIndices[b]);
                return c != 0 ? c : a.CompareTo(b);
            };
        Array.Sort(order, compare);
        return order;
    }
}
