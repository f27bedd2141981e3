using Recommender.Data;
using Recommender.Training.Modeling;
using static TorchSharp.torch;

namespace Recommender.Training.Training;

/// <summary>
/// The model a training run continues from instead of starting from nothing: its shape, tokenizer and weights. The
/// new data's item map must give the earlier model's items their earlier indices (build the log with
/// <see cref="DataReadOptions.KnownItems"/> set to <see cref="TrainedRecommender.Items"/>), so each keeps its row;
/// items new to the data get the rows after them.
/// </summary>
/// <remarks>
/// New items start as the earlier model would place them: with text, from the text encoder alone (their id
/// embeddings start at zero, as items added to a session are placed); without text, with the freshly initialised
/// id embeddings of an untrained model. Every other weight is the earlier model's.
/// </remarks>
public sealed class WarmStart
{
    /// <summary>Continues from <paramref name="previous"/>, which the caller keeps and disposes.</summary>
    public WarmStart(TrainedRecommender previous)
    {
        ArgumentNullException.ThrowIfNull(previous);
        Previous = previous;
    }

    /// <summary>The earlier model.</summary>
    public TrainedRecommender Previous { get; }

    /// <summary>The earlier model's shape, which a warm start keeps.</summary>
    public SequenceModelOptions Model => Previous.Model.Options;

    /// <summary>
    /// Checks that <paramref name="items"/> (the new data's item map) gives every earlier item its earlier index.
    /// </summary>
    /// <exception cref="ArgumentException">An earlier item has another index; the message names it.</exception>
    public void CheckItems(IdMap items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var previous = Previous.Items;
        if (items.Count < previous.Count)
        {
            throw new ArgumentException($"The data's item map has {items.Count:N0} items, fewer than the {previous.Count:N0} of the model continued from; build the log with DataReadOptions.KnownItems set to the earlier model's items.", nameof(items));
        }

        for (var i = 1; i <= previous.Count; i++)
        {
            if (!string.Equals(items.GetId(i), previous.GetId(i), StringComparison.Ordinal))
            {
                throw new ArgumentException($"Item index {i} is '{items.GetId(i)}' in the data but '{previous.GetId(i)}' in the model continued from; build the log with DataReadOptions.KnownItems set to the earlier model's items.", nameof(items));
            }
        }
    }

    /// <summary>
    /// Copies the earlier weights into <paramref name="model"/> (a new model of the same shape over the new item map):
    /// item rows by index, the [MASK] row to the new last row, everything else as it is.
    /// </summary>
    internal void Apply(SequenceRecommender model)
    {
        var before = Previous.Model.ItemCount;
        var after = model.ItemCount;
        var earlier = Previous.Model.state_dict();
        using var _ = no_grad();
        foreach (var (name, target) in model.state_dict())
        {
            if (!earlier.TryGetValue(name, out var source))
            {
                throw new InvalidOperationException($"The model continued from has no '{name}'; it was written by another version of the model.");
            }

            if (source.shape.SequenceEqual(target.shape))
            {
                target.copy_(source.to(target.device));
            }
            else if (source.shape.Length == target.shape.Length && source.shape[0] == before + 2 && target.shape[0] == after + 2 && source.shape.Skip(1).SequenceEqual(target.shape.Skip(1)))
            {
                // Rows: padding and items by index, then [MASK] (the last row) to the new last row.
                target[TensorIndex.Slice(0, before + 1)].copy_(source[TensorIndex.Slice(0, before + 1)].to(target.device));
                target[after + 1].copy_(source[before + 1].to(target.device));
                if (Model.UseText && name.EndsWith("ids.weight", StringComparison.Ordinal) && after > before)
                {
                    target[TensorIndex.Slice(before + 1, after + 1)].zero_();
                }
            }
            else
            {
                throw new InvalidOperationException($"'{name}' has shape [{string.Join(", ", source.shape)}] in the model continued from but [{string.Join(", ", target.shape)}] here; a warm start keeps the model's shape.");
            }
        }
    }
}
