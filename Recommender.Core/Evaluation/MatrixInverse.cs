using Microsoft.ML.OnnxRuntime;
using Onnx;
using Recommender.Onnx;

namespace Recommender.Evaluation;

/// <summary>
/// Inverts a dense square matrix with ONNX Runtime's CPU <c>Inverse</c> kernel (com.microsoft domain, LU with partial
/// pivoting), so that the baselines need no linear-algebra package besides the runtime that scoring loads anyway.
/// </summary>
internal static class MatrixInverse
{
    /// <summary>The inverse of the row-major <paramref name="n"/> × <paramref name="n"/> matrix <paramref name="matrix"/>, as a new array.</summary>
    /// <exception cref="ArithmeticException">The matrix is singular or so ill-conditioned that the inverse is not finite.</exception>
    public static float[] Invert(float[] matrix, int n)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if ((long)n * n != matrix.Length)
        {
            throw new ArgumentException($"A {n} × {n} matrix has {(long)n * n} elements, not {matrix.Length}.", nameof(matrix));
        }

        var graph = new OnnxGraphBuilder("matrix_inverse");
        var input = graph.Input("matrix", TensorProto.Types.DataType.Float, n, n);
        graph.Output(graph.Node("Inverse", [input], OnnxGraphBuilder.ContribDomain), "inverse", TensorProto.Types.DataType.Float, n, n);

        var inverse = new float[matrix.Length];
        long[] shape = [n, n];
        using var options = new SessionOptions();
        using var session = new InferenceSession(graph.ToBytes("The inverse of a square matrix."), options);
        using var inputValue = OrtValue.CreateTensorValueFromMemory(matrix, shape);
        using var outputValue = OrtValue.CreateTensorValueFromMemory(inverse, shape);
        using var run = new RunOptions();
        session.Run(run, ["matrix"], [inputValue], ["inverse"], [outputValue]);
        if (!float.IsFinite(System.Numerics.Tensors.TensorPrimitives.Sum(inverse)))
        {
            throw new ArithmeticException($"The {n} × {n} matrix is singular or too ill-conditioned to invert in single precision.");
        }

        return inverse;
    }
}
