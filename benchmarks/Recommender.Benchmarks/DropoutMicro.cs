using System.Diagnostics;
using Recommender.Training.Native;
using static TorchSharp.torch;

namespace Recommender.Benchmarks;

/// <summary>Compares libtorch's dropout with a mask drawn by <c>rand</c>, on the shapes one training step uses.</summary>
internal static class DropoutMicro
{
    public static void Run()
    {
        TorchSharpRuntime.EnsureLoadable();
        foreach (var shape in new long[][] { [128, 200, 64], [128, 1, 200, 200] })
        {
            using var scope = NewDisposeScope();
            var x = randn(shape);
            var builtIn = Median(() => nn.functional.dropout(x, 0.2, true).Dispose());
            var uniform = Median(() =>
            {
                using var inner = NewDisposeScope();
                _ = x * rand_like(x).ge_(0.2) * 1.25;
            });
            var bernoulli = Median(() =>
            {
                using var inner = NewDisposeScope();
                _ = x * empty_like(x).bernoulli_(0.8) * 1.25;
            });
            Console.WriteLine($"[{string.Join(", ", shape)}]: dropout {builtIn:F1} ms, rand mask {uniform:F1} ms, bernoulli_ mask {bernoulli:F1} ms");
        }
    }

    private static double Median(Action action)
    {
        action();
        var times = new double[7];
        for (var i = 0; i < times.Length; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            times[i] = watch.Elapsed.TotalMilliseconds;
        }

        Array.Sort(times);
        return times[times.Length / 2];
    }
}
