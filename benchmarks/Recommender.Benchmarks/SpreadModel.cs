using Recommender.Bundles;
using Recommender.Data;
using Recommender.Splitting;
using Recommender.Training.Export;
using Recommender.Training.Modeling;
using Recommender.Training.Native;
using Recommender.Training.Training;
using static TorchSharp.torch;

namespace Recommender.Benchmarks;

/// <summary>
/// The ML-1M-sized model (d=64, 2 blocks, 1 head, length 200) for a dataset's catalog, with random weights spread
/// like trained ones, so scores are far apart and top-10 lists comparable (speed does not depend on the values of
/// the weights), exported to a bundle; with the dataset's leave-one-out split.
/// </summary>
internal sealed class SpreadModel : IDisposable
{
    private readonly TrainedRecommender _trained;

    private SpreadModel(DataSplit split, SequenceRecommender model, TrainedRecommender trained, ModelBundle bundle)
    {
        Split = split;
        Model = model;
        _trained = trained;
        Bundle = bundle;
    }

    public DataSplit Split { get; }

    public IdMap Items => Split.Log.Items;

    public SequenceRecommender Model { get; }

    public ModelBundle Bundle { get; }

    public static async Task<SpreadModel> LoadAsync(string input, bool fused = false)
    {
        TorchSharpRuntime.EnsureLoadable();
        var dataset = await DatasetLoader.LoadAsync(input);
        var split = LeaveOneOutSplitter.Split(dataset.Interactions);
        manual_seed(1);
        var model = new SequenceRecommender(new SequenceModelOptions { UseText = false }, split.Log.ItemCount);
        model.eval();
        using (no_grad())
        {
            foreach (var parameter in model.parameters())
            {
                parameter.add_(randn_like(parameter) * 0.2);
            }
        }

        var trained = new TrainedRecommender(model, split.Log.Items, null, new TrainingOptions(), [], 0, CPU);
        return new SpreadModel(split, model, trained, BundleExporter.Export(trained, split, dataset.Items, fused));
    }

    public void Dispose() => _trained.Dispose();
}
