using static TorchSharp.torch;

namespace Recommender.Training.Training;

/// <summary>Chooses the torch device for a requested <see cref="ComputeDevice"/>, falling back to the CPU with a reason.</summary>
internal static class DeviceSelector
{
    public static (Device Device, string? Message) Select(ComputeDevice requested)
    {
        var available = cuda.is_available();
        return requested switch
        {
            ComputeDevice.Cpu => (CPU, null),
            ComputeDevice.Cuda when available => (CUDA, null),
            ComputeDevice.Cuda => (CPU, "CUDA was requested but is not available (no NVIDIA GPU, or the CPU build of libtorch: build with -p:TorchDevice=cuda); training on the CPU."),
            _ => (available ? CUDA : CPU, null),
        };
    }
}
