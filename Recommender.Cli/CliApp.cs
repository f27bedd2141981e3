using System.CommandLine;
using Recommender.Bundles;
using Recommender.Cli.Commands;
using Recommender.Data;
using Spectre.Console;

namespace Recommender.Cli;

/// <summary>The <c>recommender</c> command tree, and the one place that turns failures into messages and exit codes.</summary>
internal static class CliApp
{
    /// <summary>Exit code for bad input: a malformed file, a missing path, an invalid option value.</summary>
    public const int InputError = 2;

    public static RootCommand Build(IAnsiConsole console)
    {
        var root = new RootCommand("Attention-based sequential recommendation: data, training, evaluation, scoring.");
        var data = new Command("data", "Inspect and generate datasets.");
        data.Add(DataStatsCommand.Create(console));
        data.Add(DataGenerateCommand.Create(console));
        root.Add(data);
        root.Add(TrainCommand.Create(console));
        root.Add(RecommendCommand.Create(console));
        root.Add(ScoreCommand.Create(console));
        root.Add(EvaluateCommand.Create(console));
        root.Add(ExplainCommand.Create(console));
        root.Add(MLNetExportCommand.Create(console));
        root.Add(DemoCommand.Create(console));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, CancellationToken cancellationToken = default)
    {
        var parse = Build(console).Parse(args);
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DataFormatException or BundleFormatException or InvalidDataException or FileNotFoundException or DirectoryNotFoundException or FormatException or ArgumentException or InvalidOperationException)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return InputError;
        }
    }
}
