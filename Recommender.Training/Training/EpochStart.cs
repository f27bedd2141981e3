using Recommender.Training.Modeling;
using TorchSharp.Modules;

namespace Recommender.Training.Training;

/// <summary>
/// Everything an epoch changes, as it was when the epoch began: the weights, the optimizer's moments, the moving
/// average and the step count. Restoring it and running the epoch again gives exactly the epoch an uninterrupted run
/// would have had, because every epoch reseeds its own random streams from the run's seed and its number.
/// </summary>
internal sealed class EpochStart
{
    private readonly byte[] _weights;
    private readonly byte[] _optimizer;
    private readonly byte[]? _average;

    private EpochStart(byte[] weights, byte[] optimizer, byte[]? average, int steps)
    {
        _weights = weights;
        _optimizer = optimizer;
        _average = average;
        Steps = steps;
    }

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
        model.Restore(_weights);
        using (var reader = new BinaryReader(new MemoryStream(_optimizer)))
        {
            optimizer.load_state_dict(reader);
        }

        if (_average is not null)
        {
            average?.Restore(_average);
        }
    }
}
