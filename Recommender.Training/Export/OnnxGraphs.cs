using Recommender.Bundles;
using Recommender.Evaluation;
using Recommender.Training.Modeling;
using Recommender.Onnx;
using static Recommender.Onnx.OnnxGraphBuilder;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Recommender.Training.Export;

/// <summary>
/// Writes the ONNX graphs of a trained <see cref="Modeling.SequenceRecommender"/>: standard opset 17 operators only, or,
/// when <c>fused</c>, with attention as ONNX Runtime's MultiHeadAttention (com.microsoft), which only ONNX Runtime runs.
/// Item tables are graph inputs, not weights, so items added after training are scored by the same graphs; the
/// input and output names are the contract <see cref="BundleGraphs"/> documents.
/// </summary>
internal static class OnnxGraphs
{
    private const string Batch = "batch";
    private const string Length = "length";
    private const string Items = "items";

    /// <summary>
    /// Every graph a bundle of this model carries, by part name (the text encoder only for a model with text); the
    /// scorer and top-K graphs add <paramref name="transitions"/> to the model's scores when it is given.
    /// </summary>
    public static Dictionary<string, byte[]> All(ModelWeights weights, bool fused, Transitions? transitions = null)
    {
        var graphs = new Dictionary<string, byte[]>
        {
            [BundleGraphs.UserEncoderPart] = UserEncoder(weights, fused),
            [BundleGraphs.ScorerPart] = Scorer(weights, fused, transitions),
            [BundleGraphs.TopKPart] = TopK(weights, fused, transitions),
        };
        if (weights.Options.UseText)
        {
            graphs[BundleGraphs.TextEncoderPart] = TextEncoder(weights, fused);
        }

        return graphs;
    }

    /// <summary>History <c>[batch, length]</c> → user vector <c>[batch, dim]</c>: the last position's hidden state.</summary>
    public static byte[] UserEncoder(ModelWeights weights, bool fused = false)
    {
        var writer = new TransformerGraphWriter(new OnnxGraphBuilder("user_encoder"), weights, fused);
        var (history, table, _) = ScoringInputs(writer, withOutputTable: false);
        writer.Graph.Output(UserVector(writer, history, table), BundleGraphs.UserVector, DataType.Float, Batch, weights.Options.Dim);
        return writer.Graph.ToBytes("History item indices (left-padded with 0) to the user vector.");
    }

    /// <summary>The item-transition term a bundle's scores include: its table and settings.</summary>
    internal sealed record Transitions(TransitionTable Table, BundleTransitions Settings);

    /// <summary>History and candidates <c>[batch, candidates]</c> → scores <c>[batch, candidates]</c>.</summary>
    public static byte[] Scorer(ModelWeights weights, bool fused = false, Transitions? transitions = null)
    {
        var writer = new TransformerGraphWriter(new OnnxGraphBuilder("scorer"), weights, fused);
        var graph = writer.Graph;
        var (history, table, outputTable) = ScoringInputs(writer, withOutputTable: true);
        var candidates = graph.Input(BundleGraphs.Candidates, DataType.Int64, Batch, "candidates");
        var user = graph.Node("Unsqueeze", [UserVector(writer, history, table), graph.Int64s(2)]);
        var scores = graph.Node("Squeeze", [graph.Node("MatMul", [graph.Node("Gather", [outputTable!, candidates], Int("axis", 0)), user]), graph.Int64s(2)]);
        if (transitions is not null)
        {
            var term = TransitionGraph.Term(graph, history, outputTable!, transitions.Table, transitions.Settings);
            scores = graph.Node("Add", [scores, graph.Node("GatherElements", [term, candidates], Int("axis", 1))]);
        }

        graph.Output(scores, BundleGraphs.Scores, DataType.Float, Batch, "candidates");
        return graph.ToBytes("History and candidate item indices to scores.");
    }

    /// <summary>
    /// History and k → the k best items of the whole table <c>[batch, k]</c> and their scores, best first (ties to the
    /// lower index). Row 0 (padding) is never returned; items in the history are skipped when exclude_seen is true.
    /// </summary>
    public static byte[] TopK(ModelWeights weights, bool fused = false, Transitions? transitions = null)
    {
        var writer = new TransformerGraphWriter(new OnnxGraphBuilder("top_k"), weights, fused);
        var graph = writer.Graph;
        var (history, table, outputTable) = ScoringInputs(writer, withOutputTable: true);
        var k = graph.Input(BundleGraphs.K, DataType.Int64, 1);
        var excludeSeen = graph.Input(BundleGraphs.ExcludeSeen, DataType.Bool, 1);

        var all = graph.Node("Gemm", [UserVector(writer, history, table), outputTable!], Int("transB", 1));
        if (transitions is not null)
        {
            all = graph.Node("Add", [all, TransitionGraph.Term(graph, history, outputTable!, transitions.Table, transitions.Settings)]);
        }

        // One pass over the catalog's scores hides padding (index 0) and, when asked, the history: a full-catalog
        // score row is megabytes, and every extra operator on it costs a copy and time.
        var zeros = graph.Node("Mul", [history, graph.Int64Scalar(0)]);
        var paddingColumn = graph.Node("Slice", [zeros, graph.Int64s(0), graph.Int64s(1), graph.Int64s(1)]);
        var hidden = graph.Node("Concat", [paddingColumn, graph.Node("Where", [excludeSeen, history, zeros])], Int("axis", 1));
        var chosen = Hide(graph, all, hidden, graph.FloatScalar(float.NegativeInfinity));
        var top = graph.MultiNode("TopK", [chosen, k], 2, Int("axis", -1), Int("largest", 1), Int("sorted", 1));
        graph.Output(top[0], BundleGraphs.TopScores, DataType.Float, Batch, "k");
        graph.Output(top[1], BundleGraphs.TopItems, DataType.Int64, Batch, "k");
        return graph.ToBytes("History and k to the k best items of the catalog, seen items optionally excluded.");
    }

    /// <summary>Item token ids <c>[items, tokens]</c> (0-padded) → text vectors <c>[items, dim]</c>; no text gives zeros.</summary>
    public static byte[] TextEncoder(ModelWeights weights, bool fused = false)
    {
        const string path = "items.text";
        var writer = new TransformerGraphWriter(new OnnxGraphBuilder("text_encoder"), weights, fused);
        var graph = writer.Graph;
        var tokens = graph.Input(BundleGraphs.Tokens, DataType.Int64, Items, "tokens");
        var valid = graph.Node("Not", [graph.Node("Equal", [tokens, graph.Int64Scalar(0)])]);

        var tokenShape = weights.Shape(path + ".tokens.weight");
        var tokenTable = graph.Weight(path + ".tokens.weight", weights[path + ".tokens.weight"], tokenShape);
        var positionShape = weights.Shape(path + ".positions.weight");
        var positionTable = graph.Weight(path + ".positions.weight", weights[path + ".positions.weight"], positionShape);
        var positions = writer.Rows(positionTable, graph.Int64s(0), writer.Length(tokens));
        var x = graph.Node("Add", [graph.Node("Gather", [tokenTable, tokens], Int("axis", 0)), positions]);

        var mask = writer.Mask(valid, causal: false);
        for (var i = 0; i < weights.Options.TextLayers; i++)
        {
            x = writer.Block($"{path}.blocks.{i}", x, mask, weights.Options.TextHeads, last: null, BlockLayout.PreNorm);
        }

        var real = graph.Node("Unsqueeze", [graph.Node("Cast", [valid], Int("to", (long)DataType.Float)), graph.Int64s(-1)]);
        var sum = graph.Node("ReduceSum", [graph.Node("Mul", [writer.LayerNorm(path + ".norm", x), real]), graph.Int64s(1)], Int("keepdims", 0));
        var count = graph.Node("ReduceSum", [real, graph.Int64s(1)], Int("keepdims", 0));
        var pooled = graph.Node("Div", [sum, graph.Node("Max", [count, graph.FloatScalar(1)])]);
        var hasText = graph.Node("Min", [count, graph.FloatScalar(1)]);
        var vectors = graph.Node("Mul", [writer.Linear(path + ".projection", pooled), hasText]);
        graph.Output(vectors, BundleGraphs.TextVectors, DataType.Float, Items, weights.Options.Dim);
        return graph.ToBytes("Item text token ids to the text part of item vectors.");
    }

    private static (string History, string Table, string? OutputTable) ScoringInputs(TransformerGraphWriter writer, bool withOutputTable)
    {
        var graph = writer.Graph;
        var dim = writer.Weights.Options.Dim;
        var history = graph.Input(BundleGraphs.History, DataType.Int64, Batch, Length);
        var table = graph.Input(BundleGraphs.ItemTable, DataType.Float, "table_rows", dim);
        var outputTable = withOutputTable ? graph.Input(BundleGraphs.OutputTable, DataType.Float, "table_rows", dim) : null;
        return (history, table, outputTable);
    }

    /// <summary>
    /// The user vectors <c>[batch, dim]</c>: scaled item vectors plus positions (counted as the model was trained),
    /// the blocks (the top one at each row's last item only), and the final LayerNorm.
    /// </summary>
    private static string UserVector(TransformerGraphWriter writer, string history, string table) =>
        writer.Weights.Options.Causal && !writer.Fused
            ? RightPaddedUserVector(writer, history, table)
            : LeftPaddedUserVector(writer, history, table);

    /// <summary>
    /// Causal models on standard operators: each left-padded row is rotated so its items come first. A valid query
    /// then sees only valid keys under the causal mask alone, so the full blocks add no key-padding mask to their
    /// <c>[length, length]</c> logits (a quarter more users per second, benchmarks/RESULTS.md); only the top block,
    /// one query per row, masks the padding keys. Every valid position computes exactly what it computes left-padded.
    /// </summary>
    private static string RightPaddedUserVector(TransformerGraphWriter writer, string history, string table)
    {
        var graph = writer.Graph;
        var options = writer.Weights.Options;
        var length = writer.Length(history);
        var counts = graph.Node("ReduceSum", [graph.Node("Cast", [Valid(graph, history)], Int("to", (long)DataType.Int64)), graph.Int64s(1)], Int("keepdims", 1));
        var columns = graph.Node("Range", [graph.Int64Scalar(0), graph.Node("Squeeze", [length, graph.Int64s(0)]), graph.Int64Scalar(1)]);
        var source = graph.Node("Mod", [graph.Node("Add", [columns, graph.Node("Sub", [length, counts])]), length]);
        var rotated = graph.Node("GatherElements", [history, source], Int("axis", 1));

        // Padding, now on the right, gets positions too: no valid query ever reads it.
        var positionIndices = options.Positions == PositionOrigin.FirstItem
            ? columns
            : graph.Node("Min", [graph.Node("Add", [columns, graph.Node("Sub", [graph.Int64s(options.MaxLength), counts])]), graph.Int64Scalar(options.MaxLength - 1)]);
        var x = Embed(writer, graph.Node("Gather", [table, rotated], Int("axis", 0)), positionIndices);

        var valid = graph.Node("Less", [columns, counts]);
        var last = graph.Node("Max", [graph.Node("Sub", [counts, graph.Int64Scalar(1)]), graph.Int64Scalar(0)]);
        return Encode(writer, x, writer.Mask(valid, causal: true, keyPadding: false), writer.Mask(valid, causal: false), last);
    }

    /// <summary>
    /// Histories as given, left-padded: padding zeroed and masked as keys in every block. Models trained with the
    /// masked-item objective read a [MASK] after the history, as they were trained to.
    /// </summary>
    private static string LeftPaddedUserVector(TransformerGraphWriter writer, string history, string table)
    {
        var graph = writer.Graph;
        var weights = writer.Weights;
        var options = weights.Options;
        var batch = graph.Node("Shape", [history], Int("start", 0), Int("end", 1));
        var items = graph.Node("Gather", [table, history], Int("axis", 0));
        var present = history;
        if (!options.Causal)
        {
            var maskVector = graph.Weight(BundleGraphs.MaskVectorInitializer, weights.ItemTable.AsSpan((weights.ItemCount + 1) * options.Dim, options.Dim), 1, 1, options.Dim);
            items = graph.Node("Concat", [items, graph.Node("Expand", [maskVector, graph.Node("Concat", [batch, graph.Int64s(1, options.Dim)], Int("axis", 0))])], Int("axis", 1));
            var maskColumn = graph.Node("Expand", [graph.Int64s(weights.ItemCount + 1), graph.Node("Concat", [batch, graph.Int64s(1)], Int("axis", 0))]);
            present = graph.Node("Concat", [history, maskColumn], Int("axis", 1));
        }

        var valid = Valid(graph, present);
        var length = writer.Length(present);
        string positionIndices;
        if (options.Positions == PositionOrigin.FirstItem)
        {
            // A row's k-th valid item has position k - 1; padding takes position 0 and is zeroed below.
            var counted = graph.Node("CumSum", [graph.Node("Cast", [valid], Int("to", (long)DataType.Int64)), graph.Int64Scalar(1)]);
            positionIndices = graph.Node("Max", [graph.Node("Sub", [counted, graph.Int64Scalar(1)]), graph.Int64Scalar(0)]);
        }
        else
        {
            positionIndices = graph.Node("Range", [graph.Node("Squeeze", [graph.Node("Sub", [graph.Int64s(options.MaxLength), length]), graph.Int64s(0)]), graph.Int64Scalar(options.MaxLength), graph.Int64Scalar(1)]);
        }

        var x = Embed(writer, items, positionIndices);
        x = graph.Node("Mul", [x, graph.Node("Unsqueeze", [graph.Node("Cast", [valid], Int("to", (long)DataType.Float)), graph.Int64s(-1)])]);
        var mask = writer.Mask(valid, options.Causal);
        var last = graph.Node("Expand", [graph.Node("Sub", [length, graph.Int64s(1)]), graph.Node("Concat", [batch, graph.Int64s(1)], Int("axis", 0))]);
        return Encode(writer, x, mask, mask, last);
    }

    private static string Valid(OnnxGraphBuilder graph, string history) => graph.Node("Not", [graph.Node("Equal", [history, graph.Int64Scalar(0)])]);

    /// <summary>The blocks' input: item vectors <c>[batch, length, dim]</c> scaled by sqrt(dim), plus the positions at <paramref name="positionIndices"/>.</summary>
    private static string Embed(TransformerGraphWriter writer, string items, string positionIndices)
    {
        var graph = writer.Graph;
        var options = writer.Weights.Options;
        var positionTable = graph.Weight(BundleGraphs.PositionsInitializer, writer.Weights["positions.weight"], options.MaxLength, options.Dim);
        var positions = graph.Node("Gather", [positionTable, positionIndices], Int("axis", 0));
        return graph.Node("Add", [graph.Node("Mul", [items, graph.FloatScalar((float)Math.Sqrt(options.Dim))]), positions]);
    }

    /// <summary>The blocks, the full ones under <paramref name="fullMask"/> and the top one at <paramref name="last"/> under <paramref name="topMask"/>, then the final LayerNorm.</summary>
    private static string Encode(TransformerGraphWriter writer, string x, AttentionMask fullMask, AttentionMask topMask, string last)
    {
        var options = writer.Weights.Options;
        for (var i = 0; i < options.Layers; i++)
        {
            var top = i == options.Layers - 1;
            x = writer.Block($"blocks.{i}", x, top ? topMask : fullMask, options.Heads, top ? last : null, options.BlockLayout);
        }

        return writer.Graph.Node("Squeeze", [writer.LayerNorm("norm", x), writer.Graph.Int64s(1)]);
    }

    /// <summary>Sets <paramref name="scores"/>[b, indices[b, j]] to <paramref name="value"/> for every j.</summary>
    private static string Hide(OnnxGraphBuilder graph, string scores, string indices, string value) =>
        graph.Node("ScatterElements", [scores, indices, graph.Node("Expand", [value, graph.Node("Shape", [indices])])], Int("axis", 1));
}
