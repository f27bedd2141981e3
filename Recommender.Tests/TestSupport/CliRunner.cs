using Recommender.Cli;
using Spectre.Console;

namespace Recommender.Tests.TestSupport;

/// <summary>Runs the <c>recommender</c> command in-process and captures what it prints.</summary>
internal static class CliRunner
{
    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        using var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 240;
        var exitCode = await CliApp.RunAsync(args, console);
        return (exitCode, writer.ToString());
    }
}
