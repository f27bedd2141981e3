using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace Recommender.Onnx;

/// <summary>
/// Writes an ONNX graph node by node: each call adds a node (or an initializer) and returns the name of its output,
/// so graph code reads like the tensor code it mirrors. Standard-domain operators at <see cref="Opset"/> only.
/// </summary>
internal sealed class OnnxGraphBuilder(string graphName)
{
    /// <summary>The opset of the default export: LayerNormalization needs 17.</summary>
    public const long Opset = 17;

    /// <summary>The domain of ONNX Runtime's own (contrib) operators, used only by the fused export.</summary>
    public const string ContribDomain = "com.microsoft";

    private const long IrVersion = 8;
    private readonly GraphProto _graph = new() { Name = graphName };
    private readonly Dictionary<string, int> _counters = [];
    private readonly HashSet<string> _domains = [];

    public string Input(string name, TensorProto.Types.DataType type, params object[] dims)
    {
        _graph.Input.Add(ValueInfo(name, type, dims));
        return name;
    }

    public void Output(string value, string name, TensorProto.Types.DataType type, params object[] dims)
    {
        AddNode("Identity", [value], name);
        _graph.Output.Add(ValueInfo(name, type, dims));
    }

    public string Weight(string name, ReadOnlySpan<float> data, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(data)) };
        tensor.Dims.AddRange(dims);
        _graph.Initializer.Add(tensor);
        return name;
    }

    public string Weight(string name, ReadOnlySpan<int> data, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int32, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(data)) };
        tensor.Dims.AddRange(dims);
        _graph.Initializer.Add(tensor);
        return name;
    }

    public string Int64s(params long[] values)
    {
        var tensor = new TensorProto { DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.AddRange(values);
        return Constant(tensor);
    }

    public string Int64Scalar(long value) =>
        Constant(new TensorProto { DataType = (int)TensorProto.Types.DataType.Int64, Int64Data = { value } });

    public string FloatScalar(float value) =>
        Constant(new TensorProto { DataType = (int)TensorProto.Types.DataType.Float, FloatData = { value } });

    /// <summary>Adds a node and returns its (first) output's name.</summary>
    public string Node(string op, string[] inputs, params AttributeProto[] attributes) => AddNode(op, inputs, Fresh(op), attributes);

    /// <summary>Adds a node of another operator domain (ONNX Runtime's contrib operators) and returns its output's name.</summary>
    public string Node(string op, string[] inputs, string domain, params AttributeProto[] attributes)
    {
        _domains.Add(domain);
        var output = AddNode(op, inputs, Fresh(op), attributes);
        _graph.Node[^1].Domain = domain;
        return output;
    }

    private string AddNode(string op, string[] inputs, string output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = output };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return output;
    }

    /// <summary>Adds a node with several outputs and returns their names.</summary>
    public string[] MultiNode(string op, string[] inputs, int outputs, params AttributeProto[] attributes)
    {
        var baseName = Fresh(op);
        var node = new NodeProto { OpType = op, Name = baseName };
        node.Input.AddRange(inputs);
        var names = Enumerable.Range(0, outputs).Select(i => $"{baseName}_{i}").ToArray();
        node.Output.AddRange(names);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return names;
    }

    /// <summary>
    /// Copies another model's graph into this one: its inputs read the values <paramref name="inputs"/> names here,
    /// every other name gets <paramref name="prefix"/> so nothing collides. Returns the names its outputs have here.
    /// </summary>
    /// <exception cref="ArgumentException">An input of the graph is not bound, or it needs a newer opset.</exception>
    public IReadOnlyDictionary<string, string> Inline(ReadOnlySpan<byte> model, string prefix, IReadOnlyDictionary<string, string> inputs)
    {
        var inner = ModelProto.Parser.ParseFrom(model);
        foreach (var import in inner.OpsetImport)
        {
            if (import.Domain.Length > 0)
            {
                _domains.Add(import.Domain);
            }
            else if (import.Version > Opset)
            {
                throw new ArgumentException($"The graph '{inner.Graph.Name}' needs opset {import.Version}; graphs here are written at opset {Opset}.", nameof(model));
            }
        }

        var unbound = inner.Graph.Input.Select(i => i.Name).Where(n => !inputs.ContainsKey(n)).ToList();
        if (unbound.Count > 0)
        {
            throw new ArgumentException($"The graph '{inner.Graph.Name}' reads {string.Join(", ", unbound)}, which nothing here binds.", nameof(inputs));
        }

        // An empty name stands for an optional input that is left out.
        string Rename(string name) => name.Length == 0 ? name : inputs.TryGetValue(name, out var bound) ? bound : prefix + name;
        foreach (var initializer in inner.Graph.Initializer)
        {
            var copy = initializer.Clone();
            copy.Name = Rename(initializer.Name);
            _graph.Initializer.Add(copy);
        }

        foreach (var node in inner.Graph.Node)
        {
            if (node.Attribute.Any(a => a.G is not null || a.Graphs.Count > 0))
            {
                throw new ArgumentException($"The graph '{inner.Graph.Name}' has a subgraph in node '{node.Name}'; only flat graphs can be inlined.", nameof(model));
            }

            var copy = node.Clone();
            copy.Name = prefix + node.Name;
            copy.Input.Clear();
            copy.Input.AddRange(node.Input.Select(Rename));
            copy.Output.Clear();
            copy.Output.AddRange(node.Output.Select(Rename));
            _graph.Node.Add(copy);
        }

        return inner.Graph.Output.ToDictionary(o => o.Name, o => Rename(o.Name));
    }

    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto String(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    public static AttributeProto Float(string name, float value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    public byte[] ToBytes(string docString)
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "Recommender",
            ProducerVersion = typeof(OnnxGraphBuilder).Assembly.GetName().Version?.ToString() ?? "0",
            DocString = docString,
            Graph = _graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = Opset });
        foreach (var domain in _domains)
        {
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = domain, Version = 1 });
        }

        return model.ToByteArray();
    }

    private string Constant(TensorProto tensor)
    {
        tensor.Name = Fresh("const");
        _graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    private string Fresh(string prefix)
    {
        _counters.TryGetValue(prefix, out var count);
        _counters[prefix] = count + 1;
        return $"{prefix}_{count}";
    }

    private static ValueInfoProto ValueInfo(string name, TensorProto.Types.DataType type, object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
        {
            shape.Dim.Add(dim switch
            {
                string symbol => new TensorShapeProto.Types.Dimension { DimParam = symbol },
                int size => new TensorShapeProto.Types.Dimension { DimValue = size },
                long size => new TensorShapeProto.Types.Dimension { DimValue = size },
                _ => throw new ArgumentException($"A dimension is a symbol or a size, not {dim}.", nameof(dims)),
            });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}
