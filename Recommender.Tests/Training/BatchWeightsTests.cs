using CsCheck;
using Recommender.Training.Training;

namespace Recommender.Tests.Training;

public sealed class BatchWeightsTests
{
    [Fact]
    public void Weighted_by_positions_an_epoch_of_batch_means_counts_every_position_the_same()
    {
        // Batches of histories of any lengths; each position has its own loss.
        var batch = Gen.Int[1, 40].Array[1, 6];
        batch.Array[1, 8].Sample(lengths =>
        {
            var plan = lengths.Select(b => b.Select(n => new int[n]).ToArray()).ToArray();
            var random = new Random(lengths.Length);
            var losses = lengths.Select(b => b.Select(n => Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray()).ToArray()).ToArray();

            var weights = BatchWeights.For(BatchWeighting.ByPositions, plan, s => s.Length);

            var weighted = losses.Select((b, i) => weights[i] * b.SelectMany(l => l).Average()).Sum();
            var perPosition = losses.SelectMany(b => b.SelectMany(l => l)).Average();
            Assert.Equal(plan.Length * perPosition, weighted, 1e-9);
            Assert.Equal(1.0, weights.Average(), 1e-12);
        }, iter: 200, seed: "0N0XIzNsQ0O2");
    }

    [Fact]
    public void Weighted_equally_every_batch_counts_one() =>
        Assert.Equal([1.0, 1.0], BatchWeights.For(BatchWeighting.Equal, [[new int[3]], [new int[30], new int[30]]], s => s.Length));
}
