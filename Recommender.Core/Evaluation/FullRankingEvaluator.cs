using System.Globalization;
using System.Numerics;
using Recommender.Splitting;

namespace Recommender.Evaluation;

/// <summary>
/// Ranks each example's target among the whole catalog (never a sample of negatives) and averages
/// HR@K, NDCG@K, MRR and the mean rank.
/// </summary>
/// <remarks>
/// <para>
/// The rank of the target is 1 + (eligible items scoring strictly higher) + (eligible items other than the
/// target scoring equal). Ties count against the model: a scorer that gives every item the same score gets
/// the worst possible rank, the number of eligible items, rather than an average or lucky one.
/// </para>
/// <para>
/// Eligible items are 1..ItemCount, minus (with <see cref="EvaluationOptions.ExcludeSeen"/>) the items in the
/// example's input history. The target stays eligible even when it is in the history, because a user
/// re-consuming an item is a real next interaction the model should be able to predict.
/// </para>
/// </remarks>
public static class FullRankingEvaluator
{
    /// <summary>Evaluates <paramref name="scorer"/> on <paramref name="examples"/> of <paramref name="split"/>.</summary>
    /// <param name="split">The split the examples come from; it supplies their inputs and targets.</param>
    /// <param name="examples">The examples, usually <see cref="DataSplit.Test"/> or <see cref="DataSplit.Validation"/>.</param>
    /// <param name="scorer">Scores the catalog; its <see cref="IRecommenderScorer.ItemCount"/> must equal the log's.</param>
    /// <param name="options">Cut-offs, seen-item filtering and batch size; <see langword="null"/> for the defaults.</param>
    /// <param name="ct">Checked between batches.</param>
    /// <exception cref="ArgumentException">There are no examples, an example is not in the split, or the scorer's catalog differs from the log's.</exception>
    /// <exception cref="InvalidOperationException">The scorer produced NaN (or left a score unwritten) for an example; the message names it.</exception>
    public static EvaluationResult Evaluate(DataSplit split, IReadOnlyList<SplitExample> examples, IRecommenderScorer scorer, EvaluationOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(scorer);
        options ??= new EvaluationOptions();
        options.Validate();
        var log = split.Log;
        var itemCount = log.ItemCount;
        if (scorer.ItemCount != itemCount)
        {
            throw new ArgumentException($"The scorer knows {scorer.ItemCount} items but the log has {itemCount}; it must score the log's item indices.", nameof(scorer));
        }

        if (examples.Count == 0)
        {
            throw new ArgumentException("There are no examples to evaluate (does the split have any users long enough to get a target?).", nameof(examples));
        }

        for (var i = 0; i < examples.Count; i++)
        {
            var example = examples[i];
            if (example.User < 1 || example.User > log.UserCount || example.Position < 0 || example.Position >= log.GetSequenceLength(example.User))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Example {i} (user index {example.User}, position {example.Position}) is not an interaction of the split's log."), nameof(examples));
            }
        }

        var ks = options.Ks.Distinct().Order().ToArray();
        var ranked = Rank(split, examples, scorer, options, ks[^1], ct);
        var metrics = Summarize(ranked.Ranks, ks);
        foreach (var k in ks)
        {
            metrics[MetricNames.Recall(k)] = metrics[MetricNames.HitRate(k)];
        }

        if (options.ListMetrics)
        {
            var popularity = PopularityScorer.CountTrainingInteractions(split);
            AddListMetrics(metrics, ranked.Top, ks, popularity, itemCount);
            metrics[MetricNames.TargetPopularity] = examples.Average(e => (double)popularity[split.GetTarget(e)]);
        }
        var sampled = ranked.Sampled is null ? null : new SampledMetrics(
            string.Create(CultureInfo.InvariantCulture, $"SAMPLED: each target ranked among {options.SampledNegatives:N0} random items not in the history (seed {options.Seed}), not the full catalog; ties counted against the target"),
            Array.AsReadOnly(ranked.Sampled), Summarize(ranked.Sampled, ks).AsReadOnly());
        return new EvaluationResult(Describe(split, examples, options), examples, Array.AsReadOnly(ranked.Ranks), Array.AsReadOnly(ks), metrics.AsReadOnly(),
            Array.AsReadOnly(ranked.Top), sampled);
    }

    private sealed record Ranked(int[] Ranks, int[][] Top, int[]? Sampled);

    private static Ranked Rank(DataSplit split, IReadOnlyList<SplitExample> examples, IRecommenderScorer scorer, EvaluationOptions options, int listLength, CancellationToken ct)
    {
        var log = split.Log;
        var width = log.ItemCount + 1;
        var batchSize = Math.Min(options.BatchSize, examples.Count);
        var scores = new float[checked(batchSize * width)];
        var histories = new ReadOnlyMemory<int>[batchSize];
        var historyBuffer = Array.Empty<int>();

        // Stamping each seen item with the example's number deduplicates histories without clearing a set per example.
        var seenStamp = new int[width];
        var ranks = new int[examples.Count];
        var top = options.ListMetrics ? new int[examples.Count][] : [];
        var sampled = options.SampledNegatives > 0 ? new int[examples.Count] : null;
        var best = new PriorityQueue<int, (float Score, int NegativeIndex)>(listLength + 1);

        // Batches of similar history length, so that a sequence model pads each batch little; every result is
        // written to its example's own place, and the order is stable, so results do not depend on it.
        var order = Enumerable.Range(0, examples.Count).OrderBy(i => examples[i].Position).ToArray();
        for (var start = 0; start < examples.Count; start += batchSize)
        {
            ct.ThrowIfCancellationRequested();
            var count = Math.Min(batchSize, examples.Count - start);
            var total = 0;
            for (var b = 0; b < count; b++)
            {
                total += examples[order[start + b]].Position;
            }

            if (historyBuffer.Length < total)
            {
                historyBuffer = new int[Math.Max(total, historyBuffer.Length * 2)];
            }

            var offset = 0;
            for (var b = 0; b < count; b++)
            {
                var input = split.GetInput(examples[order[start + b]]);
                input.CopyTo(historyBuffer.AsSpan(offset));
                histories[b] = new ReadOnlyMemory<int>(historyBuffer, offset, input.Length);
                offset += input.Length;
            }

            // NaN is what the rank check rejects, so a scorer that forgets to write a cell fails loudly instead of reusing stale scores.
            var batchScores = scores.AsSpan(0, count * width);
            batchScores.Fill(float.NaN);
            scorer.Score(new ArraySegment<ReadOnlyMemory<int>>(histories, 0, count), batchScores);
            for (var b = 0; b < count; b++)
            {
                var index = order[start + b];
                var example = examples[index];
                var row = batchScores.Slice(b * width, width);
                var target = split.GetTarget(example);
                var history = histories[b].Span;
                ranks[index] = RankTarget(row, target, history, options.ExcludeSeen, seenStamp, index + 1)
                    ?? throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                        $"The scorer gave NaN scores (or left some unwritten) for example {index} (user '{log.Users.GetId(example.User)}', target at position {example.Position}); full-ranking metrics need a number for every item."));

                if (options.ListMetrics)
                {
                    // RankTarget stamped every history item but the target, which a recommendation list leaves out too.
                    var seenTarget = options.ExcludeSeen && history.Contains(target);
                    top[index] = Best(row, listLength, best, item => options.ExcludeSeen && (seenStamp[item] == index + 1 || (seenTarget && item == target)));
                }

                if (sampled is not null)
                {
                    sampled[index] = RankAmongSampled(row, target, options, index, item => options.ExcludeSeen && seenStamp[item] == index + 1);
                }
            }
        }

        return new Ranked(ranks, top, sampled);
    }

    /// <summary>The <paramref name="k"/> best items of a score row, best first, ties to the lower index; padding and skipped items left out.</summary>
    private static int[] Best(ReadOnlySpan<float> row, int k, PriorityQueue<int, (float Score, int NegativeIndex)> heap, Func<int, bool> skip)
    {
        // A min-heap of the best k so far: its root is the first to go when a better item comes.
        heap.Clear();
        for (var item = 1; item < row.Length; item++)
        {
            var key = (row[item], -item);
            if (heap.Count < k)
            {
                if (!skip(item))
                {
                    heap.Enqueue(item, key);
                }
            }
            else if (heap.TryPeek(out _, out var worst) && key.CompareTo(worst) > 0 && !skip(item))
            {
                heap.EnqueueDequeue(item, key);
            }
        }

        var list = new int[heap.Count];
        for (var i = list.Length - 1; i >= 0; i--)
        {
            list[i] = heap.Dequeue();
        }

        return list;
    }

    /// <summary>The target's pessimistic rank among <see cref="EvaluationOptions.SampledNegatives"/> items drawn for this example.</summary>
    private static int RankAmongSampled(ReadOnlySpan<float> row, int target, EvaluationOptions options, int example, Func<int, bool> seen)
    {
        var eligible = new List<int>(row.Length);
        for (var item = 1; item < row.Length; item++)
        {
            if (item != target && !seen(item))
            {
                eligible.Add(item);
            }
        }

        // Seeded by example, so every model is ranked against the same negatives.
        var random = new Random(HashCode.Combine(options.Seed, example));
        var draws = Math.Min(options.SampledNegatives, eligible.Count);
        var rank = 1;
        for (var i = 0; i < draws; i++)
        {
            var j = random.Next(i, eligible.Count);
            (eligible[i], eligible[j]) = (eligible[j], eligible[i]);
            rank += row[eligible[i]] >= row[target] ? 1 : 0;
        }

        return rank;
    }

    private static void AddListMetrics(Dictionary<string, double> metrics, int[][] top, int[] ks, int[] popularity, int itemCount)
    {
        foreach (var k in ks)
        {
            var recommended = new HashSet<int>();
            double popular = 0, listed = 0;
            foreach (var list in top)
            {
                foreach (var item in list.Take(k))
                {
                    recommended.Add(item);
                    popular += popularity[item];
                    listed++;
                }
            }

            metrics[MetricNames.Coverage(k)] = (double)recommended.Count / itemCount;
            metrics[MetricNames.Popularity(k)] = listed == 0 ? 0 : popular / listed;
        }
    }

    /// <returns>The pessimistic rank, or <see langword="null"/> when any score is NaN.</returns>
    internal static int? RankTarget(ReadOnlySpan<float> row, int target, ReadOnlySpan<int> history, bool excludeSeen, int[] seenStamp, int stamp)
    {
        var targetScore = row[target];

        // Counting over the whole catalog includes the target itself, which is the "1 +" of the rank.
        var rank = CountAtLeast(row[1..], targetScore, out var anyNaN);
        if (anyNaN)
        {
            return null;
        }

        if (excludeSeen)
        {
            foreach (var item in history)
            {
                if (item != target && seenStamp[item] != stamp)
                {
                    seenStamp[item] = stamp;
                    if (row[item] >= targetScore)
                    {
                        rank--;
                    }
                }
            }
        }

        return rank;
    }

    // Vectorized because with tens of thousands of items this scan over every score of every example is most of the evaluator's own time.
    private static int CountAtLeast(ReadOnlySpan<float> values, float threshold, out bool anyNaN)
    {
        var count = 0;
        var i = 0;
        anyNaN = false;
        if (Vector.IsHardwareAccelerated && values.Length >= Vector<float>.Count)
        {
            var thresholds = new Vector<float>(threshold);
            var counts = Vector<int>.Zero;
            var ordered = Vector<int>.AllBitsSet;
            for (; i <= values.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var v = new Vector<float>(values[i..]);

                // Comparison lanes are all bits set (-1) where true.
                counts -= Vector.GreaterThanOrEqual(v, thresholds);
                ordered &= Vector.Equals(v, v);
            }

            count = Vector.Sum(counts);
            anyNaN = ordered != Vector<int>.AllBitsSet;
        }

        for (; i < values.Length; i++)
        {
            var value = values[i];
            anyNaN |= float.IsNaN(value);
            count += value >= threshold ? 1 : 0;
        }

        return count;
    }

    private static Dictionary<string, double> Summarize(int[] ranks, int[] ks)
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var k in ks)
        {
            metrics[MetricNames.HitRate(k)] = ranks.Average(r => RankGain.Hit(r, k));
            metrics[MetricNames.Ndcg(k)] = ranks.Average(r => RankGain.Ndcg(r, k));
        }

        metrics[MetricNames.Mrr] = ranks.Average(r => 1.0 / r);
        metrics[MetricNames.MeanRank] = ranks.Average(r => (double)r);
        return metrics;
    }

    private static string Describe(DataSplit split, IReadOnlyList<SplitExample> examples, EvaluationOptions options)
    {
        var kind = ReferenceEquals(examples, split.Test) ? "test targets"
            : ReferenceEquals(examples, split.Validation) ? "validation targets"
            : "examples";
        var seen = options.ExcludeSeen ? "items in the history excluded (except the target)" : "items in the history kept in the ranking";
        return string.Create(CultureInfo.InvariantCulture,
            $"full ranking over {split.Log.ItemCount:N0} items (no sampled negatives), {seen}, ties counted against the target, {examples.Count:N0} {kind}; {split.Report.Protocol}");
    }
}
