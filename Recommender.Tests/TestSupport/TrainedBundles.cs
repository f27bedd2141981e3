using Recommender.Bundles;
using Recommender.Splitting;
using Recommender.Training.Export;
using Recommender.Training.Modeling;
using Recommender.Training.Native;
using Recommender.Training.Training;

namespace Recommender.Tests.TestSupport;

/// <summary>
/// Models trained once per test class on <see cref="CyclicData"/> and exported to bundles: one with item text
/// (trained until it has learned the cycle) and one with ids only.
/// </summary>
public sealed class TrainedBundles : IDisposable
{
    private readonly Lazy<(TrainedRecommender Model, ModelBundle Bundle)> _withText;
    private readonly Lazy<(TrainedRecommender Model, ModelBundle Bundle)> _withoutText;

    public TrainedBundles()
    {
        TorchSharpRuntime.EnsureLoadable();
        Split = CyclicData.Split();
        _withText = new(() => Train(withText: true, epochs: 40));
        _withoutText = new(() => Train(withText: false, epochs: 2));
    }

    internal DataSplit Split { get; }

    internal TrainedRecommender Model => _withText.Value.Model;

    internal ModelBundle Bundle => _withText.Value.Bundle;

    internal TrainedRecommender ModelWithoutText => _withoutText.Value.Model;

    internal ModelBundle BundleWithoutText => _withoutText.Value.Bundle;

    public void Dispose()
    {
        if (_withText.IsValueCreated)
        {
            _withText.Value.Model.Dispose();
        }

        if (_withoutText.IsValueCreated)
        {
            _withoutText.Value.Model.Dispose();
        }
    }

    private (TrainedRecommender, ModelBundle) Train(bool withText, int epochs)
    {
        var options = new TrainingOptions { Epochs = epochs, Patience = epochs, BatchSize = 8, WarmupSteps = 5, LearningRate = 5e-3, Device = ComputeDevice.Cpu, Seed = 3 };
        var model = new SequenceModelOptions { Dim = 16, Layers = 2, Heads = 2, MaxLength = 10, Dropout = 0.1, UseText = withText, TextHeads = 2 };
        var trained = new SequenceTrainer(options, model).Train(Split, withText ? CyclicData.Catalog() : null);
        return (trained, BundleExporter.Export(trained, Split, CyclicData.Catalog()));
    }
}
