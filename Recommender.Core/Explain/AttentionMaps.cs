using Microsoft.ML.OnnxRuntime;
using Recommender.Bundles;

namespace Recommender.Explain;

/// <summary>
/// What a bundle's model attended to for one user: the attention weights of every block and head over the positions
/// it read, taken from a run of the bundle's own user-encoder graph (the graph that scores), not from a re-implementation.
/// </summary>
/// <remarks>
/// The history is read as <see cref="Scoring.RecommenderSession"/> reads it: ids the model does not know are skipped,
/// and of a history longer than the model reads only the latest items count. A masked-item model also reads a
/// trailing [MASK], where its user vector comes from.
/// </remarks>
public sealed class AttentionMaps
{
    /// <summary>How far a row's weights may sum from 1 before the graph is taken to be something other than attention.</summary>
    private const float SumTolerance = 1e-3f;

    private readonly AttentionMap[] _maps;

    private AttentionMaps(IReadOnlyList<AttentionPosition> positions, int layers, int heads, AttentionMap[] maps, int unknownItems, int earlierItems)
    {
        Positions = positions;
        Layers = layers;
        Heads = heads;
        _maps = maps;
        UnknownItems = unknownItems;
        EarlierItems = earlierItems;
    }

    /// <summary>The positions read, oldest first: the keys of every map (and the queries of the lower blocks).</summary>
    public IReadOnlyList<AttentionPosition> Positions { get; }

    /// <summary>The model's blocks.</summary>
    public int Layers { get; }

    /// <summary>Heads per block.</summary>
    public int Heads { get; }

    /// <summary>Every map, lowest block first, heads in order within a block.</summary>
    public IReadOnlyList<AttentionMap> Maps => _maps;

    /// <summary>History ids the model does not know, which were skipped.</summary>
    public int UnknownItems { get; }

    /// <summary>Known history items before the latest ones the model reads, which it did not read.</summary>
    public int EarlierItems { get; }

    /// <summary>The map of head <paramref name="head"/> of block <paramref name="layer"/>.</summary>
    public AttentionMap this[int layer, int head]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(layer);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(layer, Layers);
            ArgumentOutOfRangeException.ThrowIfNegative(head);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(head, Heads);
            return _maps[layer * Heads + head];
        }
    }

    /// <summary>
    /// How much the last position (whose state becomes the user vector) reads each position at block
    /// <paramref name="layer"/>, averaged over the heads.
    /// </summary>
    public float[] LastPositionWeights(int layer)
    {
        var mean = new float[Positions.Count];
        for (var head = 0; head < Heads; head++)
        {
            var row = this[layer, head].Row(Positions.Count - 1);
            for (var key = 0; key < mean.Length; key++)
            {
                mean[key] += row[key] / Heads;
            }
        }

        return mean;
    }

    /// <summary>Runs the bundle's user encoder on <paramref name="history"/> (item ids, oldest first) and reads its attention weights.</summary>
    /// <exception cref="InvalidOperationException">
    /// The bundle computes attention with ONNX Runtime's fused MultiHeadAttention, which does not expose its weights.
    /// </exception>
    /// <exception cref="ArgumentException">No item of the history is known to the model.</exception>
    /// <exception cref="InvalidDataException">The user encoder does not compute attention the way the exporter writes it.</exception>
    public static AttentionMaps Compute(ModelBundle bundle, IEnumerable<string> history)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(history);
        var model = bundle.Manifest.Model;
        if (model.FusedAttention)
        {
            throw new InvalidOperationException("This bundle computes attention with ONNX Runtime's fused MultiHeadAttention, whose weights cannot be read; "
                + "export the model again with fused attention off (BundleExporter.Export's fusedAttention: false) to see its attention maps (the scores are the same).");
        }

        var known = new List<int>();
        var unknown = 0;
        foreach (var id in history)
        {
            if (id is not null && bundle.Items.TryGetIndex(id, out var index))
            {
                known.Add(index);
            }
            else
            {
                unknown++;
            }
        }

        if (known.Count == 0)
        {
            throw new ArgumentException($"None of the {unknown} item(s) of the history is known to the model, so it reads nothing there is attention over.", nameof(history));
        }

        var window = model.Window([.. known]);
        var positions = new List<AttentionPosition>(window.Length + 1);
        positions.AddRange(window.Select(i => new AttentionPosition(bundle.Items.GetId(i), bundle.Titles[i])));
        if (model.Objective == BundleModel.MaskedItem)
        {
            positions.Add(new AttentionPosition(null, AttentionPosition.MaskTitle));
        }

        var maps = Run(bundle, window, positions.Count);
        return new AttentionMaps(positions, model.Layers, model.Heads, maps, unknown, known.Count - window.Length);
    }

    private static AttentionMap[] Run(ModelBundle bundle, int[] window, int length)
    {
        var model = bundle.Manifest.Model;
        var (graph, weights) = AttentionGraph.Expose(bundle.Graph(BundleGraphs.UserEncoderPart));
        if (weights.Length != model.Layers)
        {
            throw new InvalidDataException($"{BundleGraphs.UserEncoderPart} has {weights.Length} attention Softmax node(s) for the model's {model.Layers} block(s); its attention cannot be read.");
        }

        using var session = new InferenceSession(graph);
        using var run = new RunOptions();
        using var history = OrtValue.CreateTensorValueFromMemory(window.Select(i => (long)i).ToArray(), [1, window.Length]);
        using var table = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, bundle.ItemVectorArray.AsMemory(), [model.ItemCount + 1, model.Dim]);
        using var outputs = session.Run(run, [BundleGraphs.History, BundleGraphs.ItemTable], [history, table], weights);

        var maps = new AttentionMap[model.Layers * model.Heads];
        for (var layer = 0; layer < model.Layers; layer++)
        {
            var queries = layer == model.Layers - 1 ? 1 : length;
            long[] expected = [1, model.Heads, queries, length];
            var shape = outputs[layer].GetTensorTypeAndShape().Shape;
            if (!shape.SequenceEqual(expected))
            {
                throw new InvalidDataException($"{BundleGraphs.UserEncoderPart}: the attention of block {layer} has shape [{string.Join(", ", shape)}]; expected [{string.Join(", ", expected)}].");
            }

            var data = outputs[layer].GetTensorDataAsSpan<float>();
            for (var head = 0; head < model.Heads; head++)
            {
                var values = data.Slice(head * queries * length, queries * length).ToArray();
                CheckDistributions(values, length, layer, head);
                maps[layer * model.Heads + head] = new AttentionMap(layer, head, length, values);
            }
        }

        return maps;
    }

    /// <summary>Every row must be a distribution over the keys (all of them real: one user's history has no padding).</summary>
    private static void CheckDistributions(float[] values, int keys, int layer, int head)
    {
        for (var row = 0; row < values.Length / keys; row++)
        {
            var weights = values.AsSpan(row * keys, keys);
            var sum = 0.0;
            foreach (var w in weights)
            {
                sum += w;
            }

            // Written so that a NaN fails too.
            if (!(Math.Abs(sum - 1) <= SumTolerance))
            {
                throw new InvalidDataException($"{BundleGraphs.UserEncoderPart}: a row of the attention of block {layer}, head {head} sums to {sum:G6}, not 1; it is not a graph whose attention can be read.");
            }
        }
    }
}
