using System.Diagnostics;
using static TorchSharp.torch;

namespace Recommender.Benchmarks;

/// <summary>The fp32 matmul throughput of this machine: the ceiling training efficiency is reported against.</summary>
internal static class MatmulPeak
{
    public static double Measure(int n, int repeats)
    {
        using var scope = NewDisposeScope();
        var a = randn(n, n);
        var b = randn(n, n);
        matmul(a, b).Dispose();
        var seconds = new double[repeats];
        for (var i = 0; i < repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            matmul(a, b).Dispose();
            seconds[i] = watch.Elapsed.TotalSeconds;
        }

        Array.Sort(seconds);
        return 2.0 * n * n * n / seconds[repeats / 2] / 1e9;
    }
}
