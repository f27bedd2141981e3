using System.Diagnostics;
using System.Reflection;

namespace Recommender.Benchmarks;

/// <summary>Runs another command of this benchmark program in a fresh process, so its memory is measured on its own.</summary>
internal static class ChildProcess
{
    public static async Task<int> RunAsync(params string[] arguments)
    {
        // Started as `dotnet Recommender.Benchmarks.dll` the process path is the host, which needs the assembly first.
        var host = Environment.ProcessPath!;
        var viaHost = Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
        var start = new ProcessStartInfo(host, viaHost ? [Assembly.GetEntryAssembly()!.Location, .. arguments] : arguments) { UseShellExecute = false };
        using var child = Process.Start(start)!;
        await child.WaitForExitAsync();
        return child.ExitCode;
    }
}
