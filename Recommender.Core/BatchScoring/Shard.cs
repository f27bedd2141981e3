using System.Globalization;
using System.Text;

namespace Recommender.BatchScoring;

/// <summary>
/// Part <see cref="Number"/> of <see cref="Count"/> of the users, chosen by a stable hash of the user id, so that
/// n jobs with shards 1/n … n/n, on any machines, together score every user exactly once.
/// </summary>
public readonly record struct Shard
{
    /// <summary>Every user: the one shard of one.</summary>
    public static readonly Shard All = new(1, 1);

    /// <summary>Part <paramref name="number"/> (1-based) of <paramref name="count"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The count is below 1 or the number outside 1..count.</exception>
    public Shard(int number, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(number, count);
        Number = number;
        Count = count;
    }

    /// <summary>Which part, from 1 to <see cref="Count"/>.</summary>
    public int Number { get; }

    /// <summary>How many parts the users are split into.</summary>
    public int Count { get; }

    /// <summary>
    /// The shard a scheduler's 0-based task index stands for, as a Kubernetes Indexed Job numbers its pods
    /// (<c>JOB_COMPLETION_INDEX</c>): index 0 is shard 1 of <paramref name="count"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The count is below 1 or the index outside 0..count-1.</exception>
    public static Shard FromCompletionIndex(int index, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
        return new Shard(index + 1, count);
    }

    /// <summary>Parses <c>i/n</c>, e.g. <c>2/8</c>.</summary>
    /// <exception cref="FormatException">The text is not <c>i/n</c> with 1 ≤ i ≤ n.</exception>
    public static Shard Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            && count >= 1 && number >= 1 && number <= count)
        {
            return new Shard(number, count);
        }

        throw new FormatException($"'{text}' is not a shard: expected i/n with 1 <= i <= n, e.g. 1/4.");
    }

    /// <summary>Whether <paramref name="userId"/> belongs to this shard.</summary>
    public bool Contains(string userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        return Count <= 1 || (int)(Hash(userId) % (ulong)Count) == Number - 1;
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Number}/{Count}");

    // FNV-1a over UTF-8: the same on every machine and run, unlike string.GetHashCode.
    private static ulong Hash(string userId)
    {
        var hash = 14695981039346656037UL;
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetByteCount(userId) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(userId, buffer)] : Encoding.UTF8.GetBytes(userId);
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }
}
