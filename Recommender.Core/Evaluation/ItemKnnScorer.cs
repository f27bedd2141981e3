using Recommender.Splitting;

namespace Recommender.Evaluation;

/// <summary>
/// Order-blind item-to-item nearest neighbours (the classic item-KNN baseline): an item scores high when it
/// is similar to the items in the history, wherever in the history they are.
/// </summary>
/// <remarks>
/// <para>
/// Fitting looks at the split's training prefixes only. Each user's training items form a set (a repeat
/// counts once); the similarity of items i and j is the cosine of their user sets,
/// |U(i) ∩ U(j)| / sqrt(|U(i)| · |U(j)|). Each item keeps its <see cref="ItemKnnOptions.Neighbours"/> most
/// similar items (ties to the lower index), so the model is sparse: memory grows with items × neighbours,
/// never items², and fitting costs the sum over users of their distinct training items squared.
/// </para>
/// <para>
/// The score of item i for a history is the sum, over the distinct items h of the history, of sim(h, i) when i
/// is among h's kept neighbours. Items with no training interactions, and items no history item is close to,
/// score 0; the evaluator counts ties against the target, so such targets get low ranks.
/// </para>
/// </remarks>
public sealed class ItemKnnScorer : IRecommenderScorer
{
    // Neighbours of item i, most similar first, are _neighbours[_offsets[i].._offsets[i + 1]].
    private readonly int[] _offsets;
    private readonly int[] _neighbours;
    private readonly float[] _similarities;

    private ItemKnnScorer(ItemKnnOptions options, int[] offsets, int[] neighbours, float[] similarities)
    {
        Options = options;
        _offsets = offsets;
        _neighbours = neighbours;
        _similarities = similarities;
    }

    /// <inheritdoc/>
    public int ItemCount => _offsets.Length - 2;

    /// <summary>The settings the scorer was fitted with.</summary>
    public ItemKnnOptions Options { get; }

    /// <summary>Fits the item–item similarities on the training prefixes of <paramref name="split"/>.</summary>
    /// <param name="split">The split; only <see cref="DataSplit.GetTrainItems"/> of each user is read.</param>
    /// <param name="options">The number of neighbours; <see langword="null"/> for the defaults.</param>
    /// <param name="ct">Cancels the fit.</param>
    public static ItemKnnScorer Fit(DataSplit split, ItemKnnOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(split);
        options ??= new ItemKnnOptions();
        options.Validate();
        var itemCount = split.Log.ItemCount;
        var (userOffsets, userItems) = TrainingItemSets.ByUser(split);
        var (itemOffsets, itemUsers) = TrainingItemSets.ByItem(userOffsets, userItems, itemCount);

        var inverseRootDegree = new double[itemCount + 1];
        for (var item = 1; item <= itemCount; item++)
        {
            inverseRootDegree[item] = 1 / Math.Sqrt(itemOffsets[item + 1] - itemOffsets[item]);
        }

        var neighbours = new int[itemCount + 1][];
        var similarities = new float[itemCount + 1][];
        neighbours[0] = [];
        similarities[0] = [];
        var parallel = new ParallelOptions { CancellationToken = ct };
        Parallel.For(1, itemCount + 1, parallel, () => new NeighbourSearch(itemCount, options.Neighbours), (item, _, search) =>
        {
            (neighbours[item], similarities[item]) = search.Run(item, userOffsets, userItems, itemOffsets, itemUsers, inverseRootDegree);
            return search;
        }, _ => { });

        var flat = ItemLists.Flatten(neighbours, similarities);
        return new ItemKnnScorer(options, flat.Offsets, flat.Items, flat.Weights);
    }

    /// <summary>The kept neighbours of <paramref name="item"/>, most similar first.</summary>
    internal ReadOnlySpan<int> GetNeighbours(int item) => _neighbours.AsSpan(_offsets[item].._offsets[item + 1]);

    /// <summary>The similarities of <see cref="GetNeighbours"/>, in the same order.</summary>
    internal ReadOnlySpan<float> GetSimilarities(int item) => _similarities.AsSpan(_offsets[item].._offsets[item + 1]);

    /// <inheritdoc/>
    public void Score(IReadOnlyList<ReadOnlyMemory<int>> histories, Span<float> scores)
    {
        ScoreBuffer.CheckLength(histories, ItemCount, scores);
        var width = ItemCount + 1;

        // Local, so concurrent calls do not share state.
        var seen = new int[width];
        for (var b = 0; b < histories.Count; b++)
        {
            var row = scores.Slice(b * width, width);
            row.Clear();
            foreach (var item in histories[b].Span)
            {
                ScoreBuffer.CheckItem(item, ItemCount);
                if (seen[item] == b + 1)
                {
                    continue;
                }

                seen[item] = b + 1;
                var neighbours = GetNeighbours(item);
                var similarities = GetSimilarities(item);
                for (var n = 0; n < neighbours.Length; n++)
                {
                    row[neighbours[n]] += similarities[n];
                }
            }
        }
    }

    /// <summary>One thread's scratch space for finding items' nearest neighbours.</summary>
    private sealed class NeighbourSearch(int itemCount, int neighbours)
    {
        private readonly int[] _coCounts = new int[itemCount + 1];
        private readonly List<int> _touched = [];
        private readonly PriorityQueue<int, (float Similarity, int Item)> _best = new(neighbours + 1, WorstFirst.Instance);

        public (int[] Neighbours, float[] Similarities) Run(int item, int[] userOffsets, int[] userItems, int[] itemOffsets, int[] itemUsers, double[] inverseRootDegree)
        {
            for (var k = itemOffsets[item]; k < itemOffsets[item + 1]; k++)
            {
                var user = itemUsers[k];
                for (var m = userOffsets[user]; m < userOffsets[user + 1]; m++)
                {
                    var other = userItems[m];
                    if (other != item && _coCounts[other]++ == 0)
                    {
                        _touched.Add(other);
                    }
                }
            }

            // Popular items touch most of the catalog, so this loop runs as often as the counting one:
            // it keeps the worst kept neighbour at hand and rejects most candidates with one comparison.
            var worst = (Similarity: float.NegativeInfinity, Item: int.MaxValue);
            foreach (var other in _touched)
            {
                var similarity = (float)(_coCounts[other] * (inverseRootDegree[item] * inverseRootDegree[other]));
                _coCounts[other] = 0;
                if (_best.Count < neighbours)
                {
                    _best.Enqueue(other, (similarity, other));
                }
                else if (similarity > worst.Similarity || (similarity == worst.Similarity && other < worst.Item))
                {
                    _best.DequeueEnqueue(other, (similarity, other));
                }
                else
                {
                    continue;
                }

                if (_best.Count == neighbours)
                {
                    _best.TryPeek(out _, out worst);
                }
            }

            _touched.Clear();

            // The heap yields the worst first, so fill from the back to get most similar first.
            var kept = new int[_best.Count];
            var similarities = new float[_best.Count];
            for (var k = kept.Length - 1; k >= 0; k--)
            {
                _best.TryDequeue(out kept[k], out var priority);
                similarities[k] = priority.Similarity;
            }

            return (kept, similarities);
        }
    }

    /// <summary>Orders candidates worst first: lower similarity, then (on ties) the higher index.</summary>
    private sealed class WorstFirst : IComparer<(float Similarity, int Item)>
    {
        public static readonly WorstFirst Instance = new();

        public int Compare((float Similarity, int Item) x, (float Similarity, int Item) y)
        {
            var bySimilarity = x.Similarity.CompareTo(y.Similarity);
            return bySimilarity != 0 ? bySimilarity : y.Item.CompareTo(x.Item);
        }
    }
}
