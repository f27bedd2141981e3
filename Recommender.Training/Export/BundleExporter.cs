using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Recommender.Bundles;
using Recommender.Data;
using Recommender.Evaluation;
using Recommender.Onnx;
using Recommender.Splitting;
using Recommender.Training.Blending;
using Recommender.Training.Training;
using static TorchSharp.torch;

namespace Recommender.Training.Export;

/// <summary>Packs a trained model into a <see cref="ModelBundle"/>: its ONNX graphs, item tables, id map, tokenizer and metadata.</summary>
public static class BundleExporter
{
    /// <summary>
    /// Exports <paramref name="trained"/>. The split it was trained on gives the protocol written beside its metrics
    /// and the popularity ranking for users with no usable history; the catalog (optional) gives item titles.
    /// With <paramref name="fusedAttention"/> the graphs use ONNX Runtime's fused MultiHeadAttention (faster on the
    /// CPU, same results); without it they use standard ONNX operators only and run on any ONNX runtime.
    /// <paramref name="configuration"/>, when given, is recorded in the manifest: how each setting was chosen.
    /// <paramref name="transitions"/>, when given and it pays, is added to the scores of the scorer and top-K graphs.
    /// <paramref name="lineage"/>, when given, is recorded in the manifest: the models this one was made from.
    /// </summary>
    public static ModelBundle Export(TrainedRecommender trained, DataSplit split, ItemCatalog? catalog = null, bool fusedAttention = false,
        IReadOnlyList<ConfigurationChoice>? configuration = null, TransitionBlend? transitions = null, IReadOnlyList<BundleLineage>? lineage = null)
    {
        ArgumentNullException.ThrowIfNull(trained);
        ArgumentNullException.ThrowIfNull(split);
        if (split.Log.ItemCount != trained.Model.ItemCount)
        {
            throw new ArgumentException($"The split has {split.Log.ItemCount:N0} items but the model {trained.Model.ItemCount:N0}; pass the split the model was trained on.", nameof(split));
        }

        var weights = new ModelWeights(trained.Model);
        var options = weights.Options;
        var rows = weights.ItemCount + 1;
        if (transitions is not null && transitions.Transitions.ItemCount != weights.ItemCount)
        {
            throw new ArgumentException($"The transition term covers {transitions.Transitions.ItemCount:N0} items but the model {weights.ItemCount:N0}; fit it on the model's split.", nameof(transitions));
        }

        var term = transitions?.Settings is { } settings ? new OnnxGraphs.Transitions(transitions.Transitions.ToTable(), settings) : null;
        var graphs = OnnxGraphs.All(weights, fusedAttention, term);
        var model = new BundleModel(options.Dim, options.Layers, options.Heads, options.MaxLength, weights.ItemCount, options.UseText, options.TiedOutput,
            options.Causal ? BundleModel.NextItem : BundleModel.MaskedItem, trained.Tokenizer?.Options.MaxTokens ?? 0, fusedAttention, term?.Settings);
        var best = trained.History.FirstOrDefault(r => r.Epoch == trained.BestEpoch);
        var metrics = best is null ? new Dictionary<string, double>() : new Dictionary<string, double>
        {
            ["validation " + MetricNames.Ndcg(10)] = best.ValidationNdcg10,
            ["validation " + MetricNames.HitRate(10)] = best.ValidationHr10,
        };
        if (term is not null)
        {
            metrics["validation " + MetricNames.Ndcg(10) + " with transitions"] = transitions!.ValidationNdcgWith;
        }

        var training = new BundleTraining(split.Report.Protocol, trained.History.Count, trained.BestEpoch, metrics, Settings(trained.TrainingOptions), configuration);
        var titles = new string[rows];
        titles[0] = string.Empty;
        for (var i = 1; i < rows; i++)
        {
            titles[i] = catalog is not null && catalog.TryGetItem(trained.Items.GetId(i), out var item) ? item.Title : string.Empty;
        }

        return new ModelBundle(model, training, Libraries(), trained.Items, trained.Tokenizer, graphs,
            weights.ItemTable[..(rows * options.Dim)], weights.OutputTable?[..(rows * options.Dim)],
            PopularityScorer.CountTrainingInteractions(split), titles, lineage);
    }

    private static Dictionary<string, string> Settings(TrainingOptions options)
    {
        using var document = JsonSerializer.SerializeToDocument(options, TrainingJson.Options);
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText());
    }

    private static Dictionary<string, string> Libraries() => new()
    {
        ["Recommender"] = Version(typeof(BundleExporter).Assembly),
        ["TorchSharp"] = Version(typeof(Tensor).Assembly),
        ["ONNX opset"] = OnnxGraphBuilder.Opset.ToString(CultureInfo.InvariantCulture),
    };

    private static string Version(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? assembly.GetName().Version?.ToString() ?? "unknown";
}
