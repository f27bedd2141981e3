namespace Recommender.Scoring;

/// <summary>Where ONNX Runtime runs the model's graphs.</summary>
public enum ExecutionProvider
{
    /// <summary>The CPU: always available.</summary>
    Cpu,

    /// <summary>An NVIDIA GPU through CUDA: needs the CUDA build of ONNX Runtime and the CUDA libraries; falls back to the CPU with a message otherwise.</summary>
    Cuda,
}
