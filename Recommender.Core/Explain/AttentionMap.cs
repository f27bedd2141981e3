namespace Recommender.Explain;

/// <summary>
/// The attention weights of one head of one block: for each query position, how much it reads each key position.
/// Rows are distributions over the keys. The top block computes only the last position, the one the user vector
/// comes from, so its map has that single row.
/// </summary>
public sealed class AttentionMap
{
    private readonly float[] _weights;

    internal AttentionMap(int layer, int head, int keyCount, float[] weights)
    {
        Layer = layer;
        Head = head;
        KeyCount = keyCount;
        _weights = weights;
    }

    /// <summary>The block, 0 for the lowest.</summary>
    public int Layer { get; }

    /// <summary>The head within the block.</summary>
    public int Head { get; }

    /// <summary>The positions attended to: every position read.</summary>
    public int KeyCount { get; }

    /// <summary>The query rows: <see cref="KeyCount"/> for a lower block, 1 for the top block.</summary>
    public int QueryCount => _weights.Length / KeyCount;

    /// <summary>The position of the first query row: 0 for a lower block, the last position for the top block.</summary>
    public int FirstQuery => KeyCount - QueryCount;

    /// <summary>The weight query position <paramref name="query"/> gives key position <paramref name="key"/>.</summary>
    public float this[int query, int key] => Row(query)[key];

    /// <summary>The weights of query position <paramref name="query"/> (from <see cref="FirstQuery"/> to the last position) over every key.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The block did not compute that position.</exception>
    public ReadOnlySpan<float> Row(int query)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(query, FirstQuery);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(query, KeyCount);
        return _weights.AsSpan((query - FirstQuery) * KeyCount, KeyCount);
    }
}
