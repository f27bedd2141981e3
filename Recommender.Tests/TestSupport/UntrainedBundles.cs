using Recommender.Bundles;
using Recommender.Evaluation;
using Recommender.Text;
using Recommender.Training.Export;
using Recommender.Training.Modeling;
using Recommender.Training.Native;
using Recommender.Training.Training;
using static TorchSharp.torch;

namespace Recommender.Tests.TestSupport;

/// <summary>
/// Bundles exported from models that were never trained, on <see cref="CyclicData"/>: for tests of the bundle format,
/// where what a model learned does not matter, shapes training would take seconds to reach (text, the masked-item
/// objective, an item-transition term) cost nothing.
/// </summary>
internal static class UntrainedBundles
{
    public static ModelBundle Export(SequenceModelOptions options, bool fused = false)
    {
        TorchSharpRuntime.EnsureLoadable();
        manual_seed(1);
        var split = CyclicData.Split();
        var catalog = CyclicData.Catalog();
        var tokenizer = options.UseText ? ItemTextTokenizer.Build(catalog, new ItemTextTokenizerOptions { MaxTokens = 6 }) : null;
        var tokens = tokenizer is null ? null : ItemTokens.Encode(split.Log.Items, catalog, tokenizer);
        var model = new SequenceRecommender(options, split.Log.ItemCount, tokens, tokenizer?.VocabularySize ?? 0);
        model.eval();
        using var trained = new TrainedRecommender(model, split.Log.Items, tokenizer, new TrainingOptions { Device = ComputeDevice.Cpu }, [], 0, CPU);
        return BundleExporter.Export(trained, split, catalog, fused);
    }

    /// <summary>A bundle whose scorer and top-K graphs add an item-transition term counted on the cyclic data.</summary>
    public static ModelBundle WithTransitions(SequenceModelOptions options)
    {
        TorchSharpRuntime.EnsureLoadable();
        manual_seed(1);
        var split = CyclicData.Split();
        using var model = new SequenceRecommender(options, split.Log.ItemCount);
        model.eval();
        var weights = new ModelWeights(model);
        var transitions = ItemTransitionScorer.Fit(split, new ItemTransitionOptions { MaxFollowers = 4 });
        var settings = new BundleTransitions(transitions.Options.Recent, transitions.Options.Window, 4, Weight: 1.5, Scale: 10, split.Log.ItemCount);
        var graphs = OnnxGraphs.All(weights, fused: false, new OnnxGraphs.Transitions(transitions.ToTable(), settings));
        var rows = split.Log.ItemCount + 1;
        var shape = new BundleModel(options.Dim, options.Layers, options.Heads, options.MaxLength, split.Log.ItemCount, UseText: false, TiedOutput: true, BundleModel.NextItem, 0, Transitions: settings);
        var training = new BundleTraining("leave-one-out", 0, 0, new Dictionary<string, double>(), new Dictionary<string, string>());
        return new ModelBundle(shape, training, new Dictionary<string, string>(), split.Log.Items, null, graphs,
            weights.ItemTable[..(rows * options.Dim)], null, PopularityScorer.CountTrainingInteractions(split), [.. Enumerable.Repeat(string.Empty, rows)]);
    }
}
