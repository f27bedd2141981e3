using System.Numerics;

namespace Recommender.Data;

/// <summary>
/// Integer ids and their indices 1..<see cref="Count"/>, kept as numbers: the ids once, in index order, and an
/// open-addressing table of indices at most half full. A million ids take 16 MB this way, against about 80 MB as
/// strings in a dictionary, which matters when a bundle of a large catalog is loaded for scoring.
/// </summary>
internal sealed class NumericIdIndex
{
    private long[] _ids;
    private int[] _slots;

    public NumericIdIndex(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _ids = new long[capacity + 1];
        _slots = new int[SlotsFor(capacity)];
    }

    public int Count { get; private set; }

    /// <summary>The id of index 1..<see cref="Count"/>.</summary>
    public long this[int index] => _ids[index];

    public bool TryGetIndex(long id, out int index)
    {
        var mask = _slots.Length - 1;
        for (var slot = Slot(id, mask); ; slot = (slot + 1) & mask)
        {
            index = _slots[slot];
            if (index == 0 || _ids[index] == id)
            {
                return index != 0;
            }
        }
    }

    /// <summary>Adds an id that is not in the index yet and returns its index.</summary>
    public int Add(long id)
    {
        if (Count + 1 == _ids.Length)
        {
            Array.Resize(ref _ids, Math.Max(4, _ids.Length * 2));
        }

        var index = ++Count;
        _ids[index] = id;
        if (Count * 2L > _slots.Length)
        {
            _slots = new int[SlotsFor(Count)];
            for (var i = 1; i <= Count; i++)
            {
                Place(i);
            }
        }
        else
        {
            Place(index);
        }

        return index;
    }

    private void Place(int index)
    {
        var mask = _slots.Length - 1;
        var slot = Slot(_ids[index], mask);
        while (_slots[slot] != 0)
        {
            slot = (slot + 1) & mask;
        }

        _slots[slot] = index;
    }

    private static int SlotsFor(int count) => (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(8L, count * 2L));

    // Fibonacci hashing: consecutive ids, the usual case, land far apart instead of in one long run of slots.
    private static int Slot(long id, int mask) => (int)(((ulong)id * 0x9E3779B97F4A7C15UL) >> 32) & mask;
}
