namespace Recommender.Training.Training;

/// <summary>The loss weight of each batch of an epoch, as a <see cref="BatchWeighting"/> says; the weights average 1.</summary>
internal static class BatchWeights
{
    public static double[] For(BatchWeighting weighting, IReadOnlyList<int[][]> plan, Func<int[], int> positions)
    {
        if (weighting == BatchWeighting.Equal)
        {
            return [.. plan.Select(_ => 1.0)];
        }

        var counts = plan.Select(batch => (double)batch.Sum(positions)).ToArray();
        var mean = counts.Average();
        return [.. counts.Select(c => c / mean)];
    }
}
