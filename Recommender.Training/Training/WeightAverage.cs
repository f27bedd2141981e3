using Recommender.Training.Modeling;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Recommender.Training.Training;

/// <summary>
/// An exponential moving average of a model's weights, folded in after every optimiser step. At a constant learning
/// rate the weights keep moving about a good region long after the loss levels off; their average sits nearer its
/// middle than any single step's weights do, so validation reads, and training returns, the average.
/// </summary>
internal sealed class WeightAverage : IDisposable
{
    private readonly SequenceRecommender _model;
    private readonly Parameter[] _parameters;
    private readonly Tensor[] _averages;
    private readonly double _decay;

    public WeightAverage(SequenceRecommender model, double decay)
    {
        _model = model;
        _decay = decay;
        _parameters = [.. model.parameters()];
        using var noGrad = no_grad();
        _averages = [.. _parameters.Select(p => p.detach().clone())];
    }

    /// <summary>
    /// Folds in the weights after step <paramref name="step"/> (1 for the first). Early steps weigh more than the decay
    /// alone would give them, so the average does not cling to the initial weights for the first thousands of steps.
    /// </summary>
    public void Update(int step)
    {
        var keep = Math.Min(_decay, (1.0 + step) / (10.0 + step));
        using var noGrad = no_grad();
        for (var i = 0; i < _parameters.Length; i++)
        {
            _averages[i].mul_(keep).add_(_parameters[i], alpha: 1 - keep);
        }
    }

    /// <summary>Runs <paramref name="read"/> while the model holds the averaged weights, then gives it back its own.</summary>
    public T WithAverage<T>(Func<T> read)
    {
        using var noGrad = no_grad();
        var own = _parameters.Select(p => p.detach().clone()).ToArray();
        try
        {
            Copy(_averages, _parameters);
            return read();
        }
        finally
        {
            Copy(own, _parameters);
            foreach (var tensor in own)
            {
                tensor.Dispose();
            }
        }
    }

    /// <summary>The averaged weights in the form of <see cref="SequenceRecommender.Snapshot"/>.</summary>
    public byte[] Snapshot() => WithAverage(_model.Snapshot);

    /// <summary>Sets the average from a <see cref="Snapshot"/>, leaving the model's own weights as they are.</summary>
    public void Restore(byte[] snapshot)
    {
        var own = _model.Snapshot();
        _model.Restore(snapshot);
        using (no_grad())
        {
            Copy(_parameters, _averages);
        }

        _model.Restore(own);
    }

    public void Dispose()
    {
        foreach (var average in _averages)
        {
            average.Dispose();
        }
    }

    private static void Copy(IReadOnlyList<Tensor> from, IReadOnlyList<Tensor> to)
    {
        for (var i = 0; i < from.Count; i++)
        {
            to[i].copy_(from[i]);
        }
    }
}
