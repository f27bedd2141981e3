using Google.Protobuf;
using Onnx;

namespace Recommender.Explain;

/// <summary>
/// The bundle's own user encoder with the attention weights made visible: every standard-domain Softmax (in the
/// exported encoder, one per block, in block order) also becomes a graph output, so one run of the very graph that
/// scores gives the weights it scored with.
/// </summary>
internal static class AttentionGraph
{
    /// <summary>The rewritten graph and the names of the weight outputs, in graph (block) order.</summary>
    public static (byte[] Graph, string[] Weights) Expose(byte[] userEncoder)
    {
        var model = ModelProto.Parser.ParseFrom(userEncoder);
        string[] weights = [.. model.Graph.Node.Where(n => n.OpType == "Softmax" && n.Domain is "" or "ai.onnx").Select(n => n.Output[0])];
        foreach (var name in weights)
        {
            // ONNX Runtime infers the shape; only the element type has to be declared.
            model.Graph.Output.Add(new ValueInfoProto
            {
                Name = name,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } },
            });
        }

        return (model.ToByteArray(), weights);
    }
}
