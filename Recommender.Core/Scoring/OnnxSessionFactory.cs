using Microsoft.ML.OnnxRuntime;

namespace Recommender.Scoring;

/// <summary>
/// Creates the ONNX Runtime sessions of one <see cref="RecommenderSession"/> with the requested execution provider,
/// falling back to the CPU (and saying why) when CUDA cannot be used here.
/// </summary>
internal sealed class OnnxSessionFactory : IDisposable
{
    private readonly SessionOptions _options;

    public OnnxSessionFactory(RecommenderSessionOptions options)
    {
        _options = new SessionOptions { GraphOptimizationLevel = options.OptimizationLevel, IntraOpNumThreads = options.IntraOpThreads };
        Provider = ExecutionProvider.Cpu;
        if (options.ExecutionProvider == ExecutionProvider.Cuda)
        {
            var problem = TryAppendCuda(_options, options.CudaDeviceId);
            if (problem is null)
            {
                Provider = ExecutionProvider.Cuda;
            }
            else
            {
                FallbackMessage = $"{problem} Scoring on the CPU.";
            }
        }
    }

    /// <summary>The provider the sessions run on.</summary>
    public ExecutionProvider Provider { get; }

    /// <summary>Why the sessions run on the CPU although CUDA was requested, or null.</summary>
    public string? FallbackMessage { get; }

    public InferenceSession Create(byte[] graph) => new(graph, _options);

    /// <summary>Why CUDA device <paramref name="device"/> cannot be used here, or null when it can.</summary>
    public static string? CudaProblem(int device)
    {
        using var options = new SessionOptions();
        return TryAppendCuda(options, device);
    }

    private static string? TryAppendCuda(SessionOptions options, int device)
    {
        try
        {
            options.AppendExecutionProvider_CUDA(device);
            return null;
        }
        catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
        {
            return $"CUDA was requested but cannot be used here ({e.Message.Trim()}). "
                + "GPU scoring needs the CUDA build of ONNX Runtime (build with -p:OnnxRuntimeDevice=cuda) and CUDA 12 with cuDNN 9 installed.";
        }
    }

    public void Dispose() => _options.Dispose();
}
