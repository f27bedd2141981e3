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

    /// <summary>
    /// An untrained model over <paramref name="items"/> items (ids "1".."n", no text) whose item table is clustered as a
    /// trained one is: items in groups of about fifty around random centres. For the approximate top-K search, whose
    /// graph needs a catalog larger than the cyclic data's.
    /// </summary>
    public static ModelBundle Clustered(int items, int seed = 4)
    {
        TorchSharpRuntime.EnsureLoadable();
        manual_seed(seed);
        var options = new SequenceModelOptions { UseText = false, Dim = 32, Layers = 1, Heads = 2, MaxLength = 20 };
        using var model = new SequenceRecommender(options, items);
        model.eval();
        var weights = new ModelWeights(model);
        var rows = items + 1;
        var random = new Random(seed);
        var clusters = Math.Max(1, items / 50);
        var centres = Enumerable.Range(0, clusters * options.Dim).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var table = new float[rows * options.Dim];
        for (var i = options.Dim; i < table.Length; i++)
        {
            table[i] = centres[(i / options.Dim - 1) % clusters * options.Dim + i % options.Dim] + (float)(random.NextDouble() - 0.5);
        }

        var shape = new BundleModel(options.Dim, options.Layers, options.Heads, options.MaxLength, items, UseText: false, TiedOutput: true, BundleModel.NextItem, 0);
        var training = new BundleTraining("untrained, clustered item table", 0, 0, new Dictionary<string, double>(), new Dictionary<string, string>());
        var ids = new Recommender.Data.IdMap(Enumerable.Range(1, items).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return new ModelBundle(shape, training, new Dictionary<string, string>(), ids, null, OnnxGraphs.All(weights, fused: false), table, null,
            [.. Enumerable.Range(0, rows).Select(i => i == 0 ? 0 : rows - i)], [.. Enumerable.Repeat(string.Empty, rows)]);
    }
}
