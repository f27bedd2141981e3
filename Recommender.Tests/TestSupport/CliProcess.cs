using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Recommender.Tests.TestSupport;

/// <summary>
/// The <c>recommender</c> command as built beside the tests, run as a process of its own: for what only a process
/// has, such as its own environment variables or being killed.
/// </summary>
internal static class CliProcess
{
    /// <summary>Starts the command with <paramref name="environment"/> added to this process's environment.</summary>
    public static Process Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "recommender.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return Process.Start(start)!;
    }

    /// <summary>Runs the command to its end; what it printed as <see cref="WaitAsync"/> returns it.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var process = Start(environment, args);
        return await WaitAsync(process);
    }

    /// <summary>Waits for a started command to end; stdout and stderr together, with every run of white space one space, since the console wraps lines at 80 columns.</summary>
    public static async Task<(int ExitCode, string Output)> WaitAsync(Process process)
    {
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, Regex.Replace(await output + await errors, @"\s+", " "));
    }
}
