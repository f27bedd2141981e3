using Recommender.Evaluation;
using Recommender.Training.Modeling;
using static TorchSharp.torch;

namespace Recommender.Training.Training;

/// <summary>
/// Scores the whole catalog for histories with a TorchSharp <see cref="SequenceRecommender"/> in evaluation mode:
/// the user vector is the last position's hidden state (after [MASK] for the masked objective).
/// </summary>
internal sealed class TorchSequenceScorer(SequenceRecommender model, Device device) : IRecommenderScorer
{
    public int ItemCount => model.ItemCount;

    public void Score(IReadOnlyList<ReadOnlyMemory<int>> histories, Span<float> scores)
    {
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var quiet = NoCollectionRegion.Enter();
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            using var history = PackHistories(histories).to(device);
            var table = model.ItemTable();
            var users = model.Encode(history, table).select(1, -1);
            var itemScores = matmul(users, model.OutputTable(table).narrow(0, 0, ItemCount + 1).t()).cpu();
            itemScores.data<float>().CopyTo(scores[..(histories.Count * (ItemCount + 1))]);
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    /// <summary>Left-pads histories to the longest (at most MaxLength, keeping the latest items); masked models get a trailing [MASK].</summary>
    internal Tensor PackHistories(IReadOnlyList<ReadOnlyMemory<int>> histories)
    {
        var masked = !model.Options.Causal;
        var room = model.Options.MaxLength - (masked ? 1 : 0);
        var length = Math.Max(1, histories.Max(h => Math.Min(h.Length, room)) + (masked ? 1 : 0));
        var packed = new long[histories.Count * length];
        for (var b = 0; b < histories.Count; b++)
        {
            var history = histories[b].Span;
            var take = Math.Min(history.Length, room);
            var end = (b + 1) * length - (masked ? 1 : 0);
            for (var i = 0; i < take; i++)
            {
                packed[end - take + i] = history[history.Length - take + i];
            }

            if (masked)
            {
                packed[end] = model.MaskToken;
            }
        }

        return tensor(packed, [histories.Count, length], dtype: int64);
    }
}
