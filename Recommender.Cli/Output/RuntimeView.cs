using System.Diagnostics;
using Recommender.Training.Native;
using Spectre.Console;
using TorchSharp;
using static Recommender.Cli.Output.Numbers;

namespace Recommender.Cli.Output;

/// <summary>Shows that TorchSharp loads and computes here, what was done to make it load, and the matmul speed it reaches.</summary>
internal static class RuntimeView
{
    public static void Write(IAnsiConsole console)
    {
        var status = TorchSharpRuntime.EnsureLoadable();
        var table = new Table().Border(TableBorder.Rounded).HideHeaders().AddColumn("").AddColumn("");
        table.AddRow("native library", Markup.Escape(Describe(status)));
        table.AddRow("device", torch.cuda.is_available() ? "CUDA available" : "CPU (no CUDA device or CUDA libtorch)");
        table.AddRow("threads", N(torch.get_num_threads()));
        table.AddRow("fp32 matmul 1024² (median of 5)", $"{F(MeasureMatmulGflops(1024, 5), 1)} GFLOP/s");
        console.Write(table);
    }

    private static string Describe(TorchSharpLoadStatus status) => status switch
    {
        TorchSharpLoadStatus.Patched => $"patched for this system's libstdc++ (GLIBCXX_3.4.32 requirement removed): {TorchSharpRuntime.NativeLibraryPath}",
        TorchSharpLoadStatus.AlreadyCompatible => $"loaded; needs nothing this system's libstdc++ lacks: {TorchSharpRuntime.NativeLibraryPath}",
        TorchSharpLoadStatus.LibraryNotFound => "loaded from where TorchSharp found it (no libLibTorchSharp.so beside TorchSharp.dll to check)",
        TorchSharpLoadStatus.NotLinux => "loaded as shipped (not Linux: nothing to check)",
        _ => "loaded as shipped (this system's libstdc++ is from GCC 13 or newer)",
    };

    private static double MeasureMatmulGflops(int n, int repeats)
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.randn(n, n);
        var b = torch.randn(n, n);
        torch.matmul(a, b).Dispose();
        var seconds = new double[repeats];
        for (var i = 0; i < repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            torch.matmul(a, b).Dispose();
            seconds[i] = watch.Elapsed.TotalSeconds;
        }

        Array.Sort(seconds);
        return 2.0 * n * n * n / seconds[repeats / 2] / 1e9;
    }
}
