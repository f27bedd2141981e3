using Onnx;
using Recommender.Training.Modeling;
using Recommender.Onnx;
using static Recommender.Onnx.OnnxGraphBuilder;

namespace Recommender.Training.Export;

/// <summary>
/// Writes the parts the model's graphs share, mirroring the TorchSharp modules one for one: linear layers,
/// LayerNorm, the attention mask, and a pre-LN transformer block. Every weight is read by its module path.
/// </summary>
internal sealed class TransformerGraphWriter(OnnxGraphBuilder graph, ModelWeights weights, bool fused)
{
    public OnnxGraphBuilder Graph => graph;

    public ModelWeights Weights => weights;

    /// <summary><c>x W^T + b</c> of the Linear module at <paramref name="path"/>.</summary>
    public string Linear(string path, string x)
    {
        var shape = weights.Shape(path + ".weight");
        var w = graph.Weight(path + ".weight", weights.Transposed(path + ".weight"), shape[1], shape[0]);
        var b = graph.Weight(path + ".bias", weights[path + ".bias"], shape[0]);
        return graph.Node("Add", [graph.Node("MatMul", [x, w]), b]);
    }

    /// <summary>Several Linear modules of the same input width as one MatMul on their concatenated weights, split back into one output each.</summary>
    public string[] Linears(string[] paths, string x)
    {
        var inputs = weights.Shape(paths[0] + ".weight")[1];
        var outputs = paths.Select(p => weights.Shape(p + ".weight")[0]).ToArray();
        var total = outputs.Sum();
        var fused = new float[inputs * total];
        var bias = new float[total];
        var offset = 0L;
        for (var p = 0; p < paths.Length; p++)
        {
            var transposed = weights.Transposed(paths[p] + ".weight");
            for (var row = 0; row < inputs; row++)
            {
                Array.Copy(transposed, row * outputs[p], fused, row * total + offset, outputs[p]);
            }

            Array.Copy(weights[paths[p] + ".bias"], 0, bias, offset, outputs[p]);
            offset += outputs[p];
        }

        var name = string.Join("+", paths);
        var projected = graph.Node("Add", [graph.Node("MatMul", [x, graph.Weight(name + ".weight", fused, inputs, total)]), graph.Weight(name + ".bias", bias, total)]);
        return graph.MultiNode("Split", [projected, graph.Int64s(outputs)], paths.Length, Int("axis", -1));
    }

    public string LayerNorm(string path, string x)
    {
        var dim = weights.Shape(path + ".weight")[0];
        var scale = graph.Weight(path + ".weight", weights[path + ".weight"], dim);
        var bias = graph.Weight(path + ".bias", weights[path + ".bias"], dim);
        return graph.Node("LayerNormalization", [x, scale, bias], Int("axis", -1), Float("epsilon", (float)TransformerBlock.LayerNormEpsilon));
    }

    /// <summary>Rows <c>[start, end)</c> of a weight matrix along axis 0, with start and end given as 1-element int64 tensors.</summary>
    public string Rows(string matrix, string start, string end) => graph.Node("Slice", [matrix, start, end, graph.Int64s(0)]);

    /// <summary>The length of axis 1 of <paramref name="x"/> as a 1-element int64 tensor.</summary>
    public string Length(string x) => graph.Node("Shape", [x], Int("start", 1), Int("end", 2));

    /// <summary>
    /// The attention mask for valid positions <paramref name="valid"/> <c>[batch, length]</c>, built once per graph and
    /// read by every block. Standard operators: additive parts for the logits, 0 where a query may attend and a large
    /// negative number elsewhere: a key-padding part <c>[batch, 1, 1, length]</c> and (when causal) a causal part
    /// <c>[length, length]</c>, added one after the other so no <c>[batch, length, length]</c> mask is ever built.
    /// Fused operators: the int32 key-padding mask <c>[batch, length]</c> MultiHeadAttention reads.
    /// For every valid query either equals AttentionMasks exactly (masked keys get weight 0). A padding query may see
    /// no key at all; a finite mask keeps its softmax finite, and no valid position ever reads it.
    /// </summary>
    public AttentionMask Mask(string valid, bool causal)
    {
        if (fused)
        {
            return new AttentionMask(causal, KeyMask: graph.Node("Cast", [valid], Int("to", (long)TensorProto.Types.DataType.Int32)));
        }

        var blocked = graph.FloatScalar(MaskedLogit);
        var zero = graph.FloatScalar(0);
        var keys = graph.Node("Where", [graph.Node("Unsqueeze", [valid, graph.Int64s(1, 2)]), zero, blocked]);
        if (!causal)
        {
            return new AttentionMask(causal, KeyBias: keys);
        }

        var length = graph.Node("Squeeze", [Length(valid), graph.Int64s(0)]);
        var positions = graph.Node("Range", [graph.Int64Scalar(0), length, graph.Int64Scalar(1)]);
        var earlier = graph.Node("GreaterOrEqual", [graph.Node("Unsqueeze", [positions, graph.Int64s(1)]), graph.Node("Unsqueeze", [positions, graph.Int64s(0)])]);
        return new AttentionMask(causal, KeyBias: keys, CausalBias: graph.Node("Where", [earlier, zero, blocked]));
    }

    /// <summary>Far below any real logit, so exp underflows to exactly 0, yet finite, so sums of two stay finite.</summary>
    private const float MaskedLogit = -1e9f;

    /// <summary>
    /// One block for <c>x [batch, length, dim]</c>, LayerNorms placed as <paramref name="layout"/> says (see
    /// <see cref="BlockLayout"/>). With <paramref name="lastOnly"/> only the last position is computed (it still
    /// attends to every position), giving <c>[batch, 1, dim]</c>: all a user vector needs from the top block.
    /// </summary>
    public string Block(string path, string x, AttentionMask mask, int heads, bool lastOnly, BlockLayout layout)
    {
        var normed = LayerNorm(path + ".attentionNorm", x);
        var attention = path + ".attention";
        var keysAndValues = layout == BlockLayout.PreNorm ? normed : x;
        var residual = layout == BlockLayout.PreNorm ? x : normed;
        var queries = lastOnly ? LastPosition(normed, axis: 1) : normed;
        if (lastOnly)
        {
            residual = LastPosition(residual, axis: 1);
        }

        // One wide MatMul for the projections that read the same input.
        string query, key, value;
        if (!lastOnly && layout == BlockLayout.PreNorm)
        {
            var projected = Linears([attention + ".query", attention + ".key", attention + ".value"], normed);
            (query, key, value) = (projected[0], projected[1], projected[2]);
        }
        else
        {
            query = Linear(attention + ".query", queries);
            (key, value) = Pair(Linears([attention + ".key", attention + ".value"], keysAndValues));
        }

        // The last query may attend to every earlier position, so it needs no causal mask.
        var attended = Attend(query, key, value, mask, heads, causal: mask.Causal && !lastOnly);
        attended = graph.Node("Add", [residual, Linear(attention + ".output", attended)]);

        if (layout == BlockLayout.PreNorm)
        {
            var hidden = graph.Node("Relu", [Linear(path + ".feedForward.expand", LayerNorm(path + ".feedForwardNorm", attended))]);
            return graph.Node("Add", [attended, Linear(path + ".feedForward.project", hidden)]);
        }

        var mixed = LayerNorm(path + ".feedForwardNorm", attended);
        return graph.Node("Add", [mixed, Linear(path + ".feedForward.project", graph.Node("Relu", [Linear(path + ".feedForward.expand", mixed)]))]);
    }

    /// <summary>Scaled dot-product attention of <c>[batch, queries, dim]</c> over <c>[batch, keys, dim]</c>, heads merged back.</summary>
    private string Attend(string query, string key, string value, AttentionMask mask, int heads, bool causal)
    {
        if (fused)
        {
            return graph.Node("MultiHeadAttention", [query, key, value, string.Empty, mask.KeyMask!], OnnxGraphBuilder.ContribDomain,
                Int("num_heads", heads), Int("unidirectional", causal ? 1 : 0), Float("mask_filter_value", MaskedLogit));
        }

        var dim = weights.Options.Dim;
        var headDim = dim / heads;
        var split = graph.Int64s(0, 0, heads, headDim);

        // Scaling the queries costs less than scaling the logits, which are longer.
        query = graph.Node("Mul", [query, graph.FloatScalar((float)(1 / Math.Sqrt(headDim)))]);
        var q = graph.Node("Transpose", [graph.Node("Reshape", [query, split])], Ints("perm", 0, 2, 1, 3));
        var k = graph.Node("Transpose", [graph.Node("Reshape", [key, split])], Ints("perm", 0, 2, 3, 1));
        var v = graph.Node("Transpose", [graph.Node("Reshape", [value, split])], Ints("perm", 0, 2, 1, 3));
        var logits = graph.Node("Add", [graph.Node("MatMul", [q, k]), mask.KeyBias!]);
        if (causal)
        {
            logits = graph.Node("Add", [logits, mask.CausalBias!]);
        }

        var weightsOfKeys = graph.Node("Softmax", [logits], Int("axis", -1));
        return graph.Node("Reshape", [graph.Node("Transpose", [graph.Node("MatMul", [weightsOfKeys, v])], Ints("perm", 0, 2, 1, 3)), graph.Int64s(0, 0, dim)]);
    }

    private static (string, string) Pair(string[] values) => (values[0], values[1]);

    private string LastPosition(string x, int axis) => graph.Node("Slice", [x, graph.Int64s(-1), graph.Int64s(long.MaxValue), graph.Int64s(axis)]);
}
