using Recommender.Training.Modeling;
using static TorchSharp.torch;

namespace Recommender.Training.Export;

/// <summary>
/// A snapshot of a <see cref="SequenceRecommender"/>'s weights by their state-dictionary names, copied to the CPU,
/// plus the evaluation-mode item table (id embeddings plus, with text, the text encoder's vectors).
/// </summary>
internal sealed class ModelWeights
{
    private readonly Dictionary<string, (float[] Data, long[] Shape)> _weights = [];

    public ModelWeights(SequenceRecommender model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Options = model.Options;
        ItemCount = model.ItemCount;
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            foreach (var (name, tensor) in model.state_dict())
            {
                if (tensor.dtype == ScalarType.Float32)
                {
                    _weights[name] = Copy(tensor);
                }
            }

            var table = model.ItemTable();
            ItemTable = Copy(table).Data;
            OutputTable = model.Options.TiedOutput ? null : Copy(model.OutputTable(table)).Data;
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    public SequenceModelOptions Options { get; }

    public int ItemCount { get; }

    /// <summary>Rows 0..ItemCount+1 of the input table (padding, items, [MASK]), row-major <c>[ItemCount + 2, Dim]</c>.</summary>
    public float[] ItemTable { get; }

    /// <summary>The separate output table <c>[ItemCount + 2, Dim]</c>, or null when scores use the input table.</summary>
    public float[]? OutputTable { get; }

    public float[] this[string name] => Get(name).Data;

    public long[] Shape(string name) => Get(name).Shape;

    /// <summary>A Linear layer's weight <c>[out, in]</c> transposed to <c>[in, out]</c>, as a MatMul on the right wants it.</summary>
    public float[] Transposed(string name)
    {
        var (data, shape) = Get(name);
        var (rows, columns) = ((int)shape[0], (int)shape[1]);
        var result = new float[data.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                result[c * rows + r] = data[r * columns + c];
            }
        }

        return result;
    }

    private (float[] Data, long[] Shape) Get(string name) => _weights.TryGetValue(name, out var weight)
        ? weight
        : throw new InvalidOperationException($"The model has no weight '{name}'; the exporter and the model's module names disagree.");

    private static (float[] Data, long[] Shape) Copy(Tensor tensor)
    {
        using var cpu = tensor.detach().cpu().contiguous();
        return (cpu.data<float>().ToArray(), cpu.shape);
    }
}
