using Recommender.Splitting;

namespace Recommender.Evaluation;

/// <summary>
/// The first-order sequential baseline: what followed the user's latest items in other users' sequences comes next.
/// Unlike <see cref="ItemKnnScorer"/> it reads order; on data whose next item is mostly decided by the last few, it is
/// hard to beat, which is why every evaluation shows it.
/// </summary>
/// <remarks>
/// <para>
/// Fitting reads the split's training prefixes only. Whenever item j follows item i within
/// <see cref="ItemTransitionOptions.Window"/> steps of one training sequence (<c>g</c> steps later, j ≠ i), the pair
/// gains <c>1/g</c>. Each pair's total is divided by <c>sqrt(pop(i) · pop(j))</c>, the items' training
/// interaction counts, so that popular items do not follow everything.
/// </para>
/// <para>
/// A history scores item j as the sum over its latest <see cref="ItemTransitionOptions.Recent"/> positions (the latest
/// is r = 1) of <c>weight(h_r, j) / r</c>. Items that follow none of them are ranked below every item that does, by
/// training popularity: a history of items nobody followed still gets the popular items, as a user would.
/// </para>
/// </remarks>
public sealed class ItemTransitionScorer : IRecommenderScorer
{
    // Followers of item i, by index, are _followers[_offsets[i].._offsets[i + 1]] with weights in _weights.
    private readonly int[] _offsets;
    private readonly int[] _followers;
    private readonly float[] _weights;

    // Element 0 is padding; in (-1, 0), so any transition evidence (> 0) outranks popularity alone.
    private readonly float[] _fallback;

    private ItemTransitionScorer(ItemTransitionOptions options, int[] offsets, int[] followers, float[] weights, float[] fallback)
    {
        Options = options;
        _offsets = offsets;
        _followers = followers;
        _weights = weights;
        _fallback = fallback;
    }

    /// <inheritdoc/>
    public int ItemCount => _fallback.Length - 1;

    /// <summary>The settings the scorer was fitted with.</summary>
    public ItemTransitionOptions Options { get; }

    /// <summary>Counts the transitions in the training prefixes of <paramref name="split"/>.</summary>
    /// <param name="split">The split; only <see cref="DataSplit.GetTrainItems"/> of each user is read.</param>
    /// <param name="options">The window and the number of recent items; <see langword="null"/> for the defaults.</param>
    /// <param name="ct">Cancels the fit.</param>
    public static ItemTransitionScorer Fit(DataSplit split, ItemTransitionOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(split);
        options ??= new ItemTransitionOptions();
        options.Validate();
        var itemCount = split.Log.ItemCount;
        var popularity = PopularityScorer.CountTrainingInteractions(split);
        var (occurrenceOffsets, occurrences) = Occurrences(split, popularity);

        var followers = new int[itemCount + 1][];
        var weights = new float[itemCount + 1][];
        followers[0] = [];
        weights[0] = [];
        var parallel = new ParallelOptions { CancellationToken = ct };
        Parallel.For(1, itemCount + 1, parallel, () => new FollowerCount(itemCount), (item, _, count) =>
        {
            (followers[item], weights[item]) = count.Run(item, options.Window, options.MaxFollowers, split, occurrenceOffsets, occurrences, popularity);
            return count;
        }, _ => { });

        var flat = ItemLists.Flatten(followers, weights);
        var maxPopularity = popularity.Length > 1 ? popularity.Skip(1).Max() : 0;
        var fallback = new float[itemCount + 1];
        for (var item = 1; item <= itemCount; item++)
        {
            fallback[item] = (float)(-1 + 0.5 * popularity[item] / (maxPopularity + 1.0));
        }

        return new ItemTransitionScorer(options, flat.Offsets, flat.Items, flat.Weights, fallback);
    }

    /// <summary>The items that followed <paramref name="item"/> in training, ascending by index.</summary>
    internal ReadOnlySpan<int> GetFollowers(int item) => _followers.AsSpan(_offsets[item].._offsets[item + 1]);

    /// <summary>The normalised weights of <see cref="GetFollowers"/>, in the same order.</summary>
    internal ReadOnlySpan<float> GetWeights(int item) => _weights.AsSpan(_offsets[item].._offsets[item + 1]);

    /// <inheritdoc/>
    public void Score(IReadOnlyList<ReadOnlyMemory<int>> histories, Span<float> scores)
    {
        ScoreBuffer.CheckLength(histories, ItemCount, scores);
        var width = ItemCount + 1;
        for (var b = 0; b < histories.Count; b++)
        {
            var row = scores.Slice(b * width, width);
            row.Clear();
            AddEvidence(histories[b].Span, row);
            for (var item = 1; item < width; item++)
            {
                if (row[item] <= 0)
                {
                    row[item] = _fallback[item];
                }
            }
        }
    }

    /// <summary>
    /// Adds to <paramref name="row"/> (indexed by item, 0 is padding) the transition evidence of <paramref name="history"/>:
    /// for its latest <see cref="ItemTransitionOptions.Recent"/> items, each follower's weight divided by the item's
    /// distance from the end. Items nobody followed get nothing; no fallback is written.
    /// </summary>
    internal void AddEvidence(ReadOnlySpan<int> history, Span<float> row)
    {
        var recent = Math.Min(Options.Recent, history.Length);
        for (var r = 1; r <= recent; r++)
        {
            var item = history[^r];
            ScoreBuffer.CheckItem(item, ItemCount);
            var followers = GetFollowers(item);
            var weights = GetWeights(item);
            for (var n = 0; n < followers.Length; n++)
            {
                row[followers[n]] += weights[n] / r;
            }
        }
    }

    /// <summary>
    /// The statistics as a fixed-width table: row i (0 is padding, all zero) holds item i's followers and weights,
    /// padded with follower 0 and weight 0 to the widest row. What a scoring graph carries.
    /// </summary>
    internal TransitionTable ToTable()
    {
        var rows = ItemCount + 1;
        var width = Math.Max(1, Enumerable.Range(0, rows).Max(i => _offsets[i + 1] - _offsets[i]));
        var followers = new int[rows * width];
        var weights = new float[rows * width];
        for (var item = 1; item < rows; item++)
        {
            GetFollowers(item).CopyTo(followers.AsSpan(item * width));
            GetWeights(item).CopyTo(weights.AsSpan(item * width));
        }

        return new TransitionTable(rows, width, followers, weights);
    }

    /// <summary>Where each item occurs in the training prefixes: (user, position) pairs, grouped by item.</summary>
    private static (int[] Offsets, (int User, int Position)[] Occurrences) Occurrences(DataSplit split, int[] popularity)
    {
        var offsets = new int[popularity.Length + 1];
        for (var item = 1; item < popularity.Length; item++)
        {
            offsets[item + 1] = offsets[item] + popularity[item];
        }

        var next = offsets[..^1];
        var occurrences = new (int, int)[offsets[^1]];
        for (var user = 1; user <= split.Log.UserCount; user++)
        {
            var items = split.GetTrainItems(user);
            for (var position = 0; position < items.Length; position++)
            {
                occurrences[next[items[position]]++] = (user, position);
            }
        }

        return (offsets, occurrences);
    }

    /// <summary>One thread's scratch space for counting an item's followers.</summary>
    private sealed class FollowerCount(int itemCount)
    {
        private readonly double[] _sums = new double[itemCount + 1];
        private readonly List<int> _touched = [];

        public (int[] Followers, float[] Weights) Run(int item, int window, int maxFollowers, DataSplit split, int[] offsets, (int User, int Position)[] occurrences, int[] popularity)
        {
            for (var k = offsets[item]; k < offsets[item + 1]; k++)
            {
                var (user, position) = occurrences[k];
                var items = split.GetTrainItems(user);
                var end = Math.Min(items.Length, position + window + 1);
                for (var later = position + 1; later < end; later++)
                {
                    var follower = items[later];
                    if (follower == item)
                    {
                        continue;
                    }

                    if (_sums[follower] == 0)
                    {
                        _touched.Add(follower);
                    }

                    _sums[follower] += 1.0 / (later - position);
                }
            }

            _touched.Sort();
            var followers = _touched.ToArray();
            var weights = new float[followers.Length];
            for (var n = 0; n < followers.Length; n++)
            {
                var follower = followers[n];
                weights[n] = (float)(_sums[follower] / Math.Sqrt((double)popularity[item] * popularity[follower]));
                _sums[follower] = 0;
            }

            _touched.Clear();
            return maxFollowers > 0 && followers.Length > maxFollowers ? Heaviest(followers, weights, maxFollowers) : (followers, weights);
        }

        /// <summary>The <paramref name="count"/> heaviest followers (ties to the lower index), ascending by index again.</summary>
        private static (int[] Followers, float[] Weights) Heaviest(int[] followers, float[] weights, int count)
        {
            var order = Enumerable.Range(0, followers.Length).OrderByDescending(n => weights[n]).ThenBy(n => followers[n]).Take(count).Order().ToArray();
            return ([.. order.Select(n => followers[n])], [.. order.Select(n => weights[n])]);
        }
    }
}
