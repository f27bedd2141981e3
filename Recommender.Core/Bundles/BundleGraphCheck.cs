using System.Globalization;
using Google.Protobuf;
using Onnx;
using Recommender.Onnx;
using Recommender.Text;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Recommender.Bundles;

/// <summary>
/// Holds a bundle's manifest against its ONNX graphs, which are the truth: the session sizes its inputs and cuts
/// histories by what the manifest says, so a manifest that disagrees with the graphs would fail inside ONNX Runtime
/// long after loading, or silently read histories of another length. Only the graphs' protobuf is read (declared
/// inputs and outputs, initializer shapes, a few operators); no session is created.
/// </summary>
internal static class BundleGraphCheck
{
    private const string Advice = "The manifest does not describe the graphs the bundle carries: the file was changed or damaged after it was written. Export the bundle again from the trained model.";
    private const string ContractAdvice = "The graph does not follow the bundle format this library reads (see BundleGraphs): the bundle was damaged or not written by this library. Export the bundle again from the trained model.";

    /// <summary>
    /// Throws <see cref="BundleFormatException"/> for the first way <paramref name="model"/> (and the model's
    /// <c>maxHistory</c> as the manifest states it, when it does) disagrees with the graphs in <paramref name="parts"/>.
    /// </summary>
    public static void Verify(string source, BundleModel model, int? statedMaxHistory, ItemTextTokenizer? tokenizer, IReadOnlyDictionary<string, byte[]> parts)
    {
        var scoring = new[] { BundleGraphs.UserEncoderPart, BundleGraphs.ScorerPart, BundleGraphs.TopKPart }
            .Select(part => Graph.Parse(source, part, parts[part]))
            .ToArray();
        var (userEncoder, scorer, topK) = (scoring[0], scoring[1], scoring[2]);

        CheckContract(source, model, userEncoder, [BundleGraphs.History, BundleGraphs.ItemTable], [BundleGraphs.UserVector]);
        CheckContract(source, model, scorer, [BundleGraphs.History, BundleGraphs.Candidates, BundleGraphs.ItemTable, BundleGraphs.OutputTable], [BundleGraphs.Scores]);
        CheckContract(source, model, topK, [BundleGraphs.History, BundleGraphs.ItemTable, BundleGraphs.OutputTable, BundleGraphs.K, BundleGraphs.ExcludeSeen], [BundleGraphs.TopItems, BundleGraphs.TopScores]);

        foreach (var graph in scoring)
        {
            var positions = graph.Table(BundleGraphs.PositionsInitializer, 2);
            Require(source, "dim", model.Dim, positions.Dims[1], graph.Part, $"adds positions of width {positions.Dims[1]} ({BundleGraphs.PositionsInitializer} is [{positions.Dims[0]}, {positions.Dims[1]}])");
            Require(source, "maxLength", model.MaxLength, positions.Dims[0], graph.Part, $"reads {positions.Dims[0]} positions ({BundleGraphs.PositionsInitializer} has {positions.Dims[0]} rows)");
            var masked = graph.Initializers.ContainsKey(BundleGraphs.MaskVectorInitializer);
            if (masked != (model.Objective == BundleModel.MaskedItem))
            {
                throw Mismatch(source, "objective", $"'{model.Objective}'", graph.Part,
                    masked ? $"reads a [MASK] after the history ({BundleGraphs.MaskVectorInitializer}), as a '{BundleModel.MaskedItem}' model does" : $"reads no [MASK] after the history, as a '{BundleModel.NextItem}' model does");
            }

            var fused = graph.Model.Graph.Node.Any(n => n.Domain == OnnxGraphBuilder.ContribDomain);
            if (fused != model.FusedAttention)
            {
                throw Mismatch(source, "fusedAttention", Flag(model.FusedAttention), graph.Part,
                    fused ? $"uses ONNX Runtime's own operators ({OnnxGraphBuilder.ContribDomain})" : "uses standard ONNX operators only");
            }
        }

        if (statedMaxHistory is { } stated && stated != model.MaxHistory)
        {
            throw Mismatch(source, "maxHistory", Number(stated), BundleGraphs.UserEncoderPart,
                $"reads the latest {model.MaxHistory} items of a history ({model.MaxLength} positions of a '{model.Objective}' model)");
        }

        var layers = userEncoder.Layers();
        Require(source, "layers", model.Layers, layers, userEncoder.Part, $"has {layers} attention blocks");
        var heads = userEncoder.Heads(model.Dim);
        if (heads.Count != 1 || heads[0] != model.Heads)
        {
            throw Mismatch(source, "heads", Number(model.Heads), userEncoder.Part, $"splits attention into {(heads.Count == 0 ? "no" : string.Join(" and ", heads))} heads");
        }

        CheckTransitions(source, model, scorer);
        CheckTransitions(source, model, topK);
        CheckText(source, model, tokenizer, parts);
    }

    private static void CheckText(string source, BundleModel model, ItemTextTokenizer? tokenizer, IReadOnlyDictionary<string, byte[]> parts)
    {
        if (!parts.TryGetValue(BundleGraphs.TextEncoderPart, out var bytes))
        {
            return;
        }

        if (!model.UseText)
        {
            throw Mismatch(source, "useText", Flag(model.UseText), BundleGraphs.TextEncoderPart, "is in the bundle, as only a model with text has");
        }

        var text = Graph.Parse(source, BundleGraphs.TextEncoderPart, bytes);
        CheckContract(source, model, text, [BundleGraphs.Tokens], [BundleGraphs.TextVectors]);
        var positions = text.Table(BundleGraphs.TextPositionsInitializer, 2);
        Require(source, "tokensPerItem", model.TokensPerItem, positions.Dims[0], text.Part, $"reads {positions.Dims[0]} tokens per item ({BundleGraphs.TextPositionsInitializer} has {positions.Dims[0]} rows)");
        if (tokenizer is null)
        {
            return;
        }

        var tokens = text.Table(BundleGraphs.TextTokensInitializer, 2);
        if (tokens.Dims[0] != tokenizer.VocabularySize)
        {
            throw new BundleFormatException(source, ModelBundle.ManifestPart,
                $"{source}: {ModelBundle.ManifestPart} has a tokenizer of {tokenizer.VocabularySize} tokens, but {text.Part} knows {tokens.Dims[0]} ({BundleGraphs.TextTokensInitializer} has {tokens.Dims[0]} rows). {Advice}");
        }

        if (tokenizer.Options.MaxTokens != model.TokensPerItem)
        {
            throw new BundleFormatException(source, ModelBundle.ManifestPart,
                $"{source}: {ModelBundle.ManifestPart} has a tokenizer that keeps {tokenizer.Options.MaxTokens} tokens per item, but model.tokensPerItem is {model.TokensPerItem} and {text.Part} reads {positions.Dims[0]}. {Advice}");
        }
    }

    private static void CheckTransitions(string source, BundleModel model, Graph graph)
    {
        var followers = graph.Initializers.GetValueOrDefault(BundleGraphs.TransitionFollowersInitializer);
        if ((followers is null) != (model.Transitions is null))
        {
            throw Mismatch(source, "transitions", model.Transitions is null ? "null" : "set", graph.Part,
                followers is null ? "scores with the attention model alone" : "adds an item-transition term to its scores");
        }

        if (model.Transitions is not { } transitions)
        {
            return;
        }

        var table = graph.Table(BundleGraphs.TransitionFollowersInitializer, 2);
        Require(source, "transitions.trainedItems", transitions.TrainedItems, table.Dims[0] - 1, graph.Part,
            $"has transition statistics for {table.Dims[0] - 1} items ({BundleGraphs.TransitionFollowersInitializer} has {table.Dims[0]} rows)");
        if (table.Dims[1] > transitions.Followers)
        {
            throw Mismatch(source, "transitions.followers", Number(transitions.Followers), graph.Part,
                $"keeps up to {table.Dims[1]} followers per item ({BundleGraphs.TransitionFollowersInitializer} has {table.Dims[1]} columns)");
        }

        var recency = graph.Table(BundleGraphs.TransitionRecencyInitializer, 2);
        Require(source, "transitions.recent", transitions.Recent, recency.Dims[0], graph.Part,
            $"lets the latest {recency.Dims[0]} history items vote ({BundleGraphs.TransitionRecencyInitializer} has {recency.Dims[0]} rows)");
    }

    /// <summary>
    /// The graph's inputs are exactly <paramref name="inputs"/> and its outputs include <paramref name="outputs"/>, each
    /// of the type and shape <see cref="BundleGraphs"/> documents; widths that are the model's must be <see cref="BundleModel.Dim"/>.
    /// </summary>
    private static void CheckContract(string source, BundleModel model, Graph graph, string[] inputs, string[] outputs)
    {
        var declared = graph.Model.Graph.Input.Select(i => i.Name).Where(n => !graph.Initializers.ContainsKey(n)).ToList();
        if (declared.Except(inputs).FirstOrDefault() is { } extra)
        {
            throw Contract(source, graph.Part, $"has an input '{extra}' that nothing feeds", $"its inputs are {string.Join(", ", inputs)}");
        }

        foreach (var name in inputs)
        {
            CheckValue(source, model, graph, "input", name, graph.Model.Graph.Input.FirstOrDefault(i => i.Name == name));
        }

        foreach (var name in outputs)
        {
            CheckValue(source, model, graph, "output", name, graph.Model.Graph.Output.FirstOrDefault(o => o.Name == name));
        }
    }

    private static void CheckValue(string source, BundleModel model, Graph graph, string kind, string name, ValueInfoProto? value)
    {
        var (type, shape) = Expected(name);
        var expected = $"{kind} '{name}' is {Describe(type)} [{string.Join(", ", shape.Select(s => s ?? "?"))}]";
        if (value is null)
        {
            throw Contract(source, graph.Part, $"has no {kind} '{name}'", $"its {expected}");
        }

        var tensor = value.Type?.TensorType;
        if (tensor is null || tensor.ElemType != (int)type)
        {
            throw Contract(source, graph.Part, $"declares {kind} '{name}' that is {(tensor is null ? "not a tensor" : Describe((DataType)tensor.ElemType))}", $"its {expected}");
        }

        var dims = tensor.Shape?.Dim;
        if (dims is null || dims.Count != shape.Length)
        {
            throw Contract(source, graph.Part, $"declares {kind} '{name}' of {(dims is null ? "no" : dims.Count.ToString(CultureInfo.InvariantCulture))} axes", $"its {expected}");
        }

        for (var axis = 0; axis < shape.Length; axis++)
        {
            if (shape[axis] is not { } size)
            {
                continue;
            }

            var actual = dims[axis].HasDimValue ? dims[axis].DimValue : (long?)null;
            if (size == ModelWidth)
            {
                if (actual is not { } width)
                {
                    throw Contract(source, graph.Part, $"declares {kind} '{name}' whose width is not fixed", $"its {expected}, of the model's width");
                }

                Require(source, "dim", model.Dim, width, graph.Part, $"declares {kind} '{name}' of width {width}");
            }
            else if (actual?.ToString(CultureInfo.InvariantCulture) != size)
            {
                throw Contract(source, graph.Part, $"declares {kind} '{name}' whose axis {axis} is {(actual is null ? "not fixed" : Number(actual.Value))}", $"its {expected}");
            }
        }
    }

    /// <summary>Stands for the model's width among the sizes of <see cref="Expected"/>.</summary>
    private const string ModelWidth = "dim";

    /// <summary>The type and shape of every input and output <see cref="BundleGraphs"/> documents: null for a size that varies per call.</summary>
    private static (DataType Type, string?[] Shape) Expected(string name) => name switch
    {
        BundleGraphs.History or BundleGraphs.Candidates or BundleGraphs.Tokens or BundleGraphs.TopItems => (DataType.Int64, [null, null]),
        BundleGraphs.ItemTable or BundleGraphs.OutputTable or BundleGraphs.UserVector or BundleGraphs.TextVectors => (DataType.Float, [null, ModelWidth]),
        BundleGraphs.Scores or BundleGraphs.TopScores => (DataType.Float, [null, null]),
        BundleGraphs.K => (DataType.Int64, ["1"]),
        BundleGraphs.ExcludeSeen => (DataType.Bool, ["1"]),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not an input or output of a bundle graph."),
    };

    private static string Describe(DataType type) => type switch
    {
        DataType.Int64 => "int64",
        DataType.Float => "float",
        DataType.Bool => "bool",
        _ => type.ToString().ToLowerInvariant(),
    };

    private static void Require(string source, string field, long stated, long actual, string part, string found)
    {
        if (stated != actual)
        {
            throw Mismatch(source, field, Number(stated), part, found);
        }
    }

    private static BundleFormatException Mismatch(string source, string field, string stated, string part, string found) =>
        new(source, ModelBundle.ManifestPart, $"{source}: {ModelBundle.ManifestPart} gives model.{field} {stated}, but {part} {found}. {Advice}");

    private static BundleFormatException Contract(string source, string part, string found, string expected) =>
        new(source, part, $"{source}: {part} {found}; {expected}. {ContractAdvice}");

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Flag(bool value) => value ? "true" : "false";

    /// <summary>One graph of the bundle, parsed, with its initializers by name.</summary>
    private sealed class Graph
    {
        private Graph(string source, string part, ModelProto model)
        {
            Source = source;
            Part = part;
            Model = model;
            Initializers = new Dictionary<string, TensorProto>(StringComparer.Ordinal);
            foreach (var initializer in model.Graph?.Initializer ?? [])
            {
                Initializers.TryAdd(initializer.Name, initializer);
            }
        }

        public string Source { get; }

        public string Part { get; }

        public ModelProto Model { get; }

        public Dictionary<string, TensorProto> Initializers { get; }

        public static Graph Parse(string source, string part, byte[] bytes)
        {
            ModelProto model;
            try
            {
                model = ModelProto.Parser.ParseFrom(bytes);
            }
            catch (InvalidProtocolBufferException e)
            {
                throw new BundleFormatException(source, part, $"{source}: {part} is not an ONNX model ({BundleFormatException.Quote(e)}); every graph of a bundle is one. {ContractAdvice}", e);
            }

            return model.Graph is null
                ? throw Contract(source, part, "holds no graph", "an ONNX model of the bundle holds one")
                : new Graph(source, part, model);
        }

        /// <summary>The initializer <paramref name="name"/>, which must have <paramref name="rank"/> axes.</summary>
        public TensorProto Table(string name, int rank)
        {
            if (!Initializers.TryGetValue(name, out var table))
            {
                throw Contract(Source, Part, $"has no initializer '{name}'", "every graph of this kind has one");
            }

            return table.Dims.Count == rank && table.Dims.All(d => d > 0)
                ? table
                : throw Contract(Source, Part, $"has an initializer '{name}' of shape [{string.Join(", ", table.Dims)}]", $"it has {rank} axes");
        }

        /// <summary>Attention blocks over the history: the distinct i of the <c>blocks.i.</c> its weights are named by.</summary>
        public int Layers()
        {
            var blocks = new HashSet<int>();
            foreach (var name in Initializers.Keys)
            {
                if (!name.StartsWith(BundleGraphs.BlockInitializerPrefix, StringComparison.Ordinal))
                {
                    continue;
                }

                var rest = name.AsSpan(BundleGraphs.BlockInitializerPrefix.Length);
                var end = rest.IndexOf('.');
                if (end > 0 && int.TryParse(rest[..end], NumberStyles.None, CultureInfo.InvariantCulture, out var block))
                {
                    blocks.Add(block);
                }
            }

            return blocks.Count;
        }

        /// <summary>
        /// The head counts attention is split into, in order: the num_heads of ONNX Runtime's fused attention, or the
        /// heads of the <c>[0, 0, heads, dim / heads]</c> shapes standard operators reshape queries, keys and values to.
        /// </summary>
        public List<long> Heads(int dim)
        {
            var heads = new SortedSet<long>();
            foreach (var node in Model.Graph.Node)
            {
                if (node.Domain == OnnxGraphBuilder.ContribDomain && node.OpType == "MultiHeadAttention")
                {
                    heads.UnionWith(node.Attribute.Where(a => a.Name == "num_heads").Select(a => a.I));
                }
                else if (node.OpType == "Reshape" && node.Input.Count == 2 && Initializers.TryGetValue(node.Input[1], out var shape)
                    && shape.Int64Data.Count == 4 && shape.Int64Data[0] == 0 && shape.Int64Data[1] == 0 && shape.Int64Data[2] * shape.Int64Data[3] == dim)
                {
                    heads.Add(shape.Int64Data[2]);
                }
            }

            return [.. heads];
        }
    }
}
