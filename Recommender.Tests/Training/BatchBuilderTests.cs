using CsCheck;
using Recommender.Training.Training;

namespace Recommender.Tests.Training;

public sealed class BatchBuilderTests
{
    [Fact]
    public void Next_item_windows_teach_every_transition_of_the_sequence_exactly_once_latest_first()
    {
        Gen.Select(Gen.Int[2, 80], Gen.Int[1, 12]).Sample((length, maxLength) =>
        {
            // Items 1..length: a transition is identified by the item it starts from.
            var sequence = Enumerable.Range(1, length).ToArray();
            var windows = new BatchBuilder(maxLength, TrainingObjective.NextItem, 0.2, 999).Windows(sequence).ToList();

            Assert.All(windows, w => Assert.InRange(w.Length, 2, maxLength + 1));
            Assert.Equal(sequence[^1], windows[0][^1]);
            var taught = windows.SelectMany(w => w[..^1]).Order();
            Assert.Equal(sequence[..^1], taught);
            Assert.All(windows, w => Assert.Equal(Enumerable.Range(w[0], w.Length), w));
            Assert.Equal(length <= maxLength + 1 ? 1 : (length - 2) / maxLength + 1, windows.Count);
        }, iter: 500, seed: "0b2RLpX3fT1j");
    }

    [Fact]
    public void Masked_item_windows_cover_the_sequence_without_overlap_latest_first()
    {
        Gen.Select(Gen.Int[1, 80], Gen.Int[1, 12]).Sample((length, maxLength) =>
        {
            var sequence = Enumerable.Range(1, length).ToArray();
            var windows = new BatchBuilder(maxLength, TrainingObjective.MaskedItem, 0.2, 999).Windows(sequence).ToList();

            Assert.All(windows, w => Assert.InRange(w.Length, 1, maxLength));
            Assert.Equal(sequence, windows.AsEnumerable().Reverse().SelectMany(w => w));
            Assert.Equal((length + maxLength - 1) / maxLength, windows.Count);
        }, iter: 500, seed: "0kQ1yY2mV9fX");
    }
}
