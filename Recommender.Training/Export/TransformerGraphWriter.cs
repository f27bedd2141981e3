using Recommender.Training.Modeling;
using static Recommender.Training.Export.OnnxGraphBuilder;

namespace Recommender.Training.Export;

/// <summary>
/// Writes the parts the model's graphs share, mirroring the TorchSharp modules one for one: linear layers,
/// LayerNorm, the attention mask, and a pre-LN transformer block. Every weight is read by its module path.
/// </summary>
internal sealed class TransformerGraphWriter(OnnxGraphBuilder graph, ModelWeights weights)
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
    /// The additive attention mask <c>[batch, 1, length, length]</c> (0 where a query may attend, -inf elsewhere) for
    /// valid positions <paramref name="valid"/> <c>[batch, length]</c>, as AttentionMasks builds it: valid keys, only
    /// earlier ones when causal, and always the position itself.
    /// </summary>
    public string AttentionBias(string valid, bool causal)
    {
        var length = graph.Node("Squeeze", [Length(valid), graph.Int64s(0)]);
        var positions = graph.Node("Range", [graph.Int64Scalar(0), length, graph.Int64Scalar(1)]);
        var queries = graph.Node("Unsqueeze", [positions, graph.Int64s(1)]);
        var keys = graph.Node("Unsqueeze", [positions, graph.Int64s(0)]);
        var validKeys = graph.Node("Unsqueeze", [valid, graph.Int64s(1, 2)]);
        var allowed = causal ? graph.Node("And", [validKeys, graph.Node("GreaterOrEqual", [queries, keys])]) : validKeys;
        allowed = graph.Node("Or", [allowed, graph.Node("Equal", [queries, keys])]);
        return graph.Node("Where", [allowed, graph.FloatScalar(0), graph.FloatScalar(float.NegativeInfinity)]);
    }

    /// <summary>
    /// One pre-LN block (<c>x + attention(norm(x))</c>, then <c>x + feedForward(norm(x))</c>) for <c>x [batch, length, dim]</c>.
    /// With <paramref name="lastOnly"/> only the last position is computed (it still attends to every position),
    /// giving <c>[batch, 1, dim]</c>: all a user vector needs from the top block.
    /// </summary>
    public string Block(string path, string x, string bias, int heads, bool lastOnly)
    {
        var normed = LayerNorm(path + ".attentionNorm", x);
        var queryInput = normed;
        var residual = x;
        if (lastOnly)
        {
            queryInput = LastPosition(normed, axis: 1);
            residual = LastPosition(x, axis: 1);
            bias = LastPosition(bias, axis: 2);
        }

        var dim = weights.Shape(path + ".attention.query.weight")[0];
        var headDim = dim / heads;
        var split = graph.Int64s(0, 0, heads, headDim);
        var q = graph.Node("Transpose", [graph.Node("Reshape", [Linear(path + ".attention.query", queryInput), split])], Ints("perm", 0, 2, 1, 3));
        var k = graph.Node("Transpose", [graph.Node("Reshape", [Linear(path + ".attention.key", normed), split])], Ints("perm", 0, 2, 3, 1));
        var v = graph.Node("Transpose", [graph.Node("Reshape", [Linear(path + ".attention.value", normed), split])], Ints("perm", 0, 2, 1, 3));
        var logits = graph.Node("Mul", [graph.Node("MatMul", [q, k]), graph.FloatScalar((float)(1 / Math.Sqrt(headDim)))]);
        var attention = graph.Node("Softmax", [graph.Node("Add", [logits, bias])], Int("axis", -1));
        var merged = graph.Node("Reshape", [graph.Node("Transpose", [graph.Node("MatMul", [attention, v])], Ints("perm", 0, 2, 1, 3)), graph.Int64s(0, 0, dim)]);
        var attended = graph.Node("Add", [residual, Linear(path + ".attention.output", merged)]);

        var hidden = graph.Node("Relu", [Linear(path + ".feedForward.expand", LayerNorm(path + ".feedForwardNorm", attended))]);
        return graph.Node("Add", [attended, Linear(path + ".feedForward.project", hidden)]);
    }

    private string LastPosition(string x, int axis) => graph.Node("Slice", [x, graph.Int64s(-1), graph.Int64s(long.MaxValue), graph.Int64s(axis)]);
}
