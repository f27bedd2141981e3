namespace Recommender.Training.Training;

/// <summary>Where training runs.</summary>
public enum ComputeDevice
{
    /// <summary>CUDA when a CUDA build of libtorch and a GPU are present, else CPU. The default.</summary>
    Auto,

    /// <summary>The CPU.</summary>
    Cpu,

    /// <summary>The first CUDA GPU; falls back to the CPU, with a message, when there is none.</summary>
    Cuda,
}
