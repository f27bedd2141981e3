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

    /// <summary>Whether attention is ONNX Runtime's fused operator rather than standard operators.</summary>
    public bool Fused => fused;

    /// <summary><c>(x W^T + b) · scale</c> of the Linear module at <paramref name="path"/>, the scale folded into the weights.</summary>
    public string Linear(string path, string x, float scale = 1)
    {
        var shape = weights.Shape(path + ".weight");
        var w = graph.Weight(path + ".weight", Scaled(weights.Transposed(path + ".weight"), scale), shape[1], shape[0]);
        var b = graph.Weight(path + ".bias", Scaled(weights[path + ".bias"], scale), shape[0]);
        return graph.Node("Add", [graph.Node("MatMul", [x, w]), b]);
    }

    /// <summary>
    /// Several Linear modules of the same input width as one MatMul on their concatenated weights, split back into one
    /// output each; module p's output is multiplied by <paramref name="scales"/>[p] (1 when absent), folded into the weights.
    /// </summary>
    public string[] Linears(string[] paths, string x, float[]? scales = null)
    {
        var inputs = weights.Shape(paths[0] + ".weight")[1];
        var outputs = paths.Select(p => weights.Shape(p + ".weight")[0]).ToArray();
        var total = outputs.Sum();
        var concatenated = new float[inputs * total];
        var bias = new float[total];
        var offset = 0L;
        for (var p = 0; p < paths.Length; p++)
        {
            var scale = scales?[p] ?? 1;
            var transposed = Scaled(weights.Transposed(paths[p] + ".weight"), scale);
            for (var row = 0; row < inputs; row++)
            {
                Array.Copy(transposed, row * outputs[p], concatenated, row * total + offset, outputs[p]);
            }

            Array.Copy(Scaled(weights[paths[p] + ".bias"], scale), 0, bias, offset, outputs[p]);
            offset += outputs[p];
        }

        var name = string.Join("+", paths);
        var projected = graph.Node("Add", [graph.Node("MatMul", [x, graph.Weight(name + ".weight", concatenated, inputs, total)]), graph.Weight(name + ".bias", bias, total)]);
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
    /// <remarks>
    /// Without <paramref name="keyPadding"/> (standard operators only) padding keys are not masked: right-padded causal
    /// histories need none, as every key a valid query may see under the causal mask is valid.
    /// </remarks>
    public AttentionMask Mask(string valid, bool causal, bool keyPadding = true)
    {
        if (fused)
        {
            return new AttentionMask(causal, KeyMask: graph.Node("Cast", [valid], Int("to", (long)TensorProto.Types.DataType.Int32)));
        }

        var blocked = graph.FloatScalar(MaskedLogit);
        var zero = graph.FloatScalar(0);
        var keys = keyPadding ? graph.Node("Where", [graph.Node("Unsqueeze", [valid, graph.Int64s(1, 2)]), zero, blocked]) : null;
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
    /// <see cref="BlockLayout"/>). Given <paramref name="last"/>, each row's last position <c>[batch, 1]</c>, only that
    /// position is computed (it still attends to every position), giving <c>[batch, 1, dim]</c>: all a user vector
    /// needs from the top block.
    /// </summary>
    public string Block(string path, string x, AttentionMask mask, int heads, string? last, BlockLayout layout)
    {
        var normed = LayerNorm(path + ".attentionNorm", x);
        var attention = path + ".attention";
        var keysAndValues = layout == BlockLayout.PreNorm ? normed : x;
        var residual = layout == BlockLayout.PreNorm ? x : normed;
        var queries = normed;
        if (last is not null)
        {
            var rows = graph.Node("Expand", [graph.Node("Unsqueeze", [last, graph.Int64s(2)]), graph.Int64s(1, 1, weights.Options.Dim)]);
            queries = graph.Node("GatherElements", [normed, rows], Int("axis", 1));
            residual = graph.Node("GatherElements", [residual, rows], Int("axis", 1));
        }

        // Standard operators take the 1/sqrt(head width) of the logits in the query weights; the fused operator scales itself.
        var queryScale = fused ? 1 : (float)(1 / Math.Sqrt(weights.Options.Dim / heads));

        // One wide MatMul for the projections that read the same input.
        string query, key, value;
        if (last is null && layout == BlockLayout.PreNorm)
        {
            var projected = Linears([attention + ".query", attention + ".key", attention + ".value"], normed, [queryScale, 1, 1]);
            (query, key, value) = (projected[0], projected[1], projected[2]);
        }
        else
        {
            query = Linear(attention + ".query", queries, queryScale);
            (key, value) = Pair(Linears([attention + ".key", attention + ".value"], keysAndValues));
        }

        // The last query may attend to every earlier position, so it needs no causal mask.
        var attended = Attend(query, key, value, mask, heads, causal: mask.Causal && last is null);
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

        var q = graph.Node("Transpose", [graph.Node("Reshape", [query, split])], Ints("perm", 0, 2, 1, 3));
        var k = graph.Node("Transpose", [graph.Node("Reshape", [key, split])], Ints("perm", 0, 2, 1, 3));
        var v = graph.Node("Transpose", [graph.Node("Reshape", [value, split])], Ints("perm", 0, 2, 1, 3));
        var attended = Weighted(q, k, v, mask.KeyBias, causal ? mask.CausalBias : null);
        return graph.Node("Reshape", [graph.Node("Transpose", [attended], Ints("perm", 0, 2, 1, 3)), graph.Int64s(0, 0, dim)]);
    }

    /// <summary>
    /// <c>softmax(q kᵀ + biases) v</c> for <c>q [batch, heads, queries, head]</c> and <c>k</c>, <c>v [batch, heads, keys, head]</c>.
    /// kᵀ is a Transpose of the last two axes, which ONNX Runtime's optimiser can fold into the MatMul; with one head the
    /// transposes that move heads only move an axis of length 1.
    /// </summary>
    private string Weighted(string q, string k, string v, string? keyBias, string? causalBias)
    {
        var logits = graph.Node("MatMul", [q, graph.Node("Transpose", [k], Ints("perm", 0, 1, 3, 2))]);
        foreach (var bias in new[] { keyBias, causalBias })
        {
            if (bias is not null)
            {
                logits = graph.Node("Add", [logits, bias]);
            }
        }

        return graph.Node("MatMul", [graph.Node("Softmax", [logits], Int("axis", -1)), v]);
    }

    private static (string, string) Pair(string[] values) => (values[0], values[1]);

    private static float[] Scaled(float[] values, float scale) => scale == 1 ? values : [.. values.Select(v => v * scale)];
}
