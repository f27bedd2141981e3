using Recommender.Training.Modeling;
using TorchSharp.Modules;

namespace Recommender.Training.Training;

/// <summary>
/// Everything an epoch changes, as it was when the epoch began: the weights, the optimizer's moments, the moving
/// average and the step count. Restoring it and running the epoch again gives exactly the epoch an uninterrupted run
/// would have had, because every epoch reseeds its own random streams from the run's seed and its number. Taken
/// once at the end of each epoch, it is also what the checkpoint and the best weights are written from.
/// </summary>
internal sealed class EpochStart
{
    private EpochStart(byte[] weights, byte[] optimizer, byte[]? average, int steps)
    {
        Weights = weights;
        Optimizer = optimizer;
        Average = average;
        Steps = steps;
    }

    /// <summary>The model's weights, serialised.</summary>
    public byte[] Weights { get; }

    /// <summary>The optimizer's state, serialised.</summary>
    public byte[] Optimizer { get; }

    /// <summary>The moving average of the weights, serialised, or null when the run keeps none.</summary>
    public byte[]? Average { get; }

    /// <summary>The optimisation steps taken before the epoch.</summary>
    public int Steps { get; }

    public static EpochStart Capture(SequenceRecommender model, AdamW optimizer, WeightAverage? average, int steps)
    {
        using var memory = new MemoryStream();
        using (var writer = new BinaryWriter(memory, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            optimizer.save_state_dict(writer);
        }

        return new EpochStart(model.Snapshot(), memory.ToArray(), average?.Snapshot(), steps);
    }

    public void Restore(SequenceRecommender model, AdamW optimizer, WeightAverage? average)
    {
        model.Restore(Weights);
        using (var reader = new BinaryReader(new MemoryStream(Optimizer)))
        {
            optimizer.load_state_dict(reader);
        }

        if (Average is not null)
        {
            average?.Restore(Average);
        }
    }
}
