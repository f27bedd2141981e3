using static TorchSharp.torch;

namespace Recommender.Training.Training;

/// <summary>
/// Turns users' training sequences into left-padded batches as long as their longest window (at most MaxLength):
/// for next-item, each user's latest window of up to MaxLength + 1 items gives inputs and shifted targets; for
/// masked-item, random positions are replaced by [MASK] and become the targets. A row's positions depend only on
/// where its own items are, so a shorter batch is exactly the longer one without its all-padding columns.
/// </summary>
internal sealed class BatchBuilder(int maxLength, TrainingObjective objective, double maskProbability, int maskToken)
{
    /// <summary>How many positions a sequence fills.</summary>
    public int Window(int[] sequence) =>
        Math.Min(objective == TrainingObjective.NextItem ? sequence.Length - 1 : sequence.Length, maxLength);

    /// <summary>
    /// Cuts <paramref name="sequence"/> from its end into consecutive windows of at most one batch row each (the latest
    /// first), so that every position the whole sequence would teach is taught by exactly one window: next-item
    /// windows share one item with the window before, which is its last target.
    /// </summary>
    public IEnumerable<int[]> Windows(int[] sequence)
    {
        var nextItem = objective == TrainingObjective.NextItem;
        for (var end = sequence.Length; end >= (nextItem ? 2 : 1); end -= maxLength)
        {
            var start = Math.Max(0, end - (nextItem ? maxLength + 1 : maxLength));
            yield return sequence[start..end];
            if (start == 0)
            {
                yield break;
            }
        }
    }

    public TrainingBatch Build(IReadOnlyList<int[]> sequences, Random random, Device device)
    {
        var batch = sequences.Count;
        var length = Math.Max(1, sequences.Max(Window));
        var inputs = new long[batch * length];
        var targets = new long[batch * length];
        for (var b = 0; b < batch; b++)
        {
            var row = b * length;
            var sequence = sequences[b];
            if (objective == TrainingObjective.NextItem)
            {
                var window = Window(sequence);
                var start = sequence.Length - 1 - window;
                var offset = row + length - window;
                for (var i = 0; i < window; i++)
                {
                    inputs[offset + i] = sequence[start + i];
                    targets[offset + i] = sequence[start + i + 1];
                }
            }
            else
            {
                var window = Window(sequence);
                var start = sequence.Length - window;
                var offset = row + length - window;
                var masked = 0;
                for (var i = 0; i < window; i++)
                {
                    inputs[offset + i] = sequence[start + i];
                    if (random.NextDouble() < maskProbability)
                    {
                        targets[offset + i] = sequence[start + i];
                        inputs[offset + i] = maskToken;
                        masked++;
                    }
                }

                // Every sequence teaches something, and the last position is exactly what inference asks for.
                if (masked == 0)
                {
                    targets[row + length - 1] = sequence[^1];
                    inputs[row + length - 1] = maskToken;
                }
            }
        }

        return new TrainingBatch(
            tensor(inputs, [batch, length], dtype: int64).to(device),
            tensor(targets, [batch, length], dtype: int64).to(device));
    }
}
