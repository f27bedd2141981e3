using static TorchSharp.torch;

namespace Recommender.Training.Training;

/// <summary>One batch: left-padded inputs and, aligned with them, the item to predict at each position (0 = none).</summary>
internal sealed class TrainingBatch(Tensor inputs, Tensor targets) : IDisposable
{
    public Tensor Inputs { get; } = inputs;

    public Tensor Targets { get; } = targets;

    public void Dispose()
    {
        Inputs.Dispose();
        Targets.Dispose();
    }
}
