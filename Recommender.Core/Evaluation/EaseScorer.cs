using System.Globalization;
using System.Numerics.Tensors;
using Recommender.Splitting;

namespace Recommender.Evaluation;

/// <summary>
/// EASE (Steck, 2019), the strong linear item-item baseline: item j's score for a history is
/// <c>Σ_{i in history} B[i, j]</c>, where B is the closed-form ridge regression of every item's column of the
/// user × item matrix on all the other columns. Order-blind, like <see cref="ItemKnnScorer"/>, but weights are
/// learned jointly rather than from pairwise similarity, which is what makes it hard to beat on dense data.
/// </summary>
/// <remarks>
/// <para>
/// Fitting reads the split's training prefixes only, as a binary user × item matrix X (a repeat counts once).
/// With <c>P = (XᵀX + λI)⁻¹</c>, <c>B[i, j] = -P[i, j] / P[j, j]</c> off the diagonal and 0 on it. The
/// inverse is taken by ONNX Runtime's own CPU kernel (already loaded for scoring), so nothing else is needed.
/// </para>
/// <para>
/// The model is dense: items² floats, and fitting costs the cube of the catalog; <see cref="EaseOptions.MaxItems"/>
/// bounds both, and <see cref="Fits"/> says in advance whether a catalog is within it.
/// </para>
/// </remarks>
public sealed class EaseScorer : IRecommenderScorer
{
    // Row i (item index i, 1-based) holds B[i, 1..n] at _weights[(i - 1) * n ..]; a history adds whole rows.
    private readonly float[] _weights;
    private readonly int _itemCount;

    private EaseScorer(EaseOptions options, float[] weights, int itemCount)
    {
        Options = options;
        _weights = weights;
        _itemCount = itemCount;
    }

    /// <inheritdoc/>
    public int ItemCount => _itemCount;

    /// <summary>The settings the scorer was fitted with.</summary>
    public EaseOptions Options { get; }

    /// <summary>Whether a catalog of <paramref name="itemCount"/> items is within <paramref name="options"/>' <see cref="EaseOptions.MaxItems"/>.</summary>
    public static bool Fits(int itemCount, EaseOptions? options = null) => itemCount <= (options ?? new EaseOptions()).MaxItems;

    /// <summary>Fits the item-item weights on the training prefixes of <paramref name="split"/>.</summary>
    /// <param name="split">The split; only <see cref="DataSplit.GetTrainItems"/> of each user is read.</param>
    /// <param name="options">The penalty and the largest catalog; <see langword="null"/> for the defaults.</param>
    /// <param name="ct">Cancels the fit (between its stages; the inverse itself runs to its end).</param>
    /// <exception cref="InvalidOperationException">The catalog has more items than <see cref="EaseOptions.MaxItems"/>.</exception>
    public static EaseScorer Fit(DataSplit split, EaseOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(split);
        options ??= new EaseOptions();
        options.Validate();
        var n = split.Log.ItemCount;
        if (!Fits(n, options))
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"EASE needs a dense {n:N0} × {n:N0} item matrix; catalogs above {options.MaxItems:N0} items ({nameof(EaseOptions)}.{nameof(EaseOptions.MaxItems)}) are not fitted."));
        }

        var gram = Gram(split, n, ct);
        for (var i = 0; i < n; i++)
        {
            gram[(long)i * n + i] += (float)options.Lambda;
        }

        ct.ThrowIfCancellationRequested();
        var inverse = MatrixInverse.Invert(gram, n);
        ct.ThrowIfCancellationRequested();

        // B[i, j] = -P[i, j] / P[j, j], written over P: scale each row by the reciprocals of the diagonal.
        var reciprocal = new float[n];
        for (var j = 0; j < n; j++)
        {
            reciprocal[j] = -1 / inverse[(long)j * n + j];
        }

        Parallel.For(0, n, new ParallelOptions { CancellationToken = ct }, i =>
        {
            var row = inverse.AsSpan(i * n, n);
            TensorPrimitives.Multiply(row, reciprocal, row);
            row[i] = 0;
        });
        return new EaseScorer(options, inverse, n);
    }

    /// <summary>The weight of history item <paramref name="from"/> on candidate <paramref name="to"/> (item indices).</summary>
    internal float GetWeight(int from, int to) => _weights[(long)(from - 1) * _itemCount + (to - 1)];

    /// <inheritdoc/>
    public void Score(IReadOnlyList<ReadOnlyMemory<int>> histories, Span<float> scores)
    {
        ScoreBuffer.CheckLength(histories, ItemCount, scores);
        var width = ItemCount + 1;
        var seen = new HashSet<int>();
        for (var b = 0; b < histories.Count; b++)
        {
            var row = scores.Slice(b * width + 1, ItemCount);
            scores[b * width] = 0;
            row.Clear();
            seen.Clear();
            foreach (var item in histories[b].Span)
            {
                ScoreBuffer.CheckItem(item, ItemCount);
                if (seen.Add(item))
                {
                    TensorPrimitives.Add(row, _weights.AsSpan((item - 1) * ItemCount, ItemCount), row);
                }
            }
        }
    }

    /// <summary>XᵀX of the binary user × item matrix, dense and row-major over item indices 1..n (stored 0-based).</summary>
    private static float[] Gram(DataSplit split, int n, CancellationToken ct)
    {
        var (userOffsets, userItems) = TrainingItemSets.ByUser(split);
        var (itemOffsets, itemUsers) = TrainingItemSets.ByItem(userOffsets, userItems, n);
        var gram = new float[(long)n * n];

        // Row by row, so threads never write the same cells: row i counts, for each user of item i, that user's items.
        Parallel.For(1, n + 1, new ParallelOptions { CancellationToken = ct }, item =>
        {
            var row = gram.AsSpan((item - 1) * n, n);
            for (var k = itemOffsets[item]; k < itemOffsets[item + 1]; k++)
            {
                var user = itemUsers[k];
                for (var m = userOffsets[user]; m < userOffsets[user + 1]; m++)
                {
                    row[userItems[m] - 1]++;
                }
            }
        });
        return gram;
    }
}
