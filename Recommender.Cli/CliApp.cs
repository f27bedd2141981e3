using System.CommandLine;
using Recommender.Cli.Commands;
using Recommender.Cli.Failures;
using Spectre.Console;

namespace Recommender.Cli;

/// <summary>The <c>recommender</c> command tree, and the one place that turns failures into messages and exit codes.</summary>
internal static class CliApp
{
    /// <summary>Shows the stack trace of a failure; every command accepts it.</summary>
    private static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "On failure, also print the exception and its stack trace.",
        Recursive = true,
    };

    public static RootCommand Build(IAnsiConsole console)
    {
        var root = new RootCommand("Attention-based sequential recommendation: data, training, evaluation, scoring. Exit codes: 0 done, 1 internal error, "
            + "2 bad command line, 3 bad input data, 4 bad model bundle, 5 cannot read or write a file, 130 canceled.");
        var data = new Command("data", "Inspect and generate datasets.");
        data.Add(DataStatsCommand.Create(console));
        data.Add(DataGenerateCommand.Create(console));
        root.Add(data);
        root.Add(TrainCommand.Create(console));
        root.Add(RecommendCommand.Create(console));
        root.Add(ScoreCommand.Create(console));
        root.Add(ServeCommand.Create(console));
        root.Add(EvaluateCommand.Create(console));
        root.Add(ExplainCommand.Create(console));
        root.Add(MLNetExportCommand.Create(console));
        root.Add(AddItemsCommand.Create(console));
        root.Add(IndexCommand.Create(console));
        root.Add(DemoCommand.Create(console));
        root.Add(Verbose);
        return root;
    }

    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, CancellationToken cancellationToken = default)
    {
        var parse = Build(console).Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                console.MarkupLine($"[red]error:[/] {Markup.Escape(error.Message)}");
            }

            console.MarkupLine($"see '{Markup.Escape(CommandPath(parse))} --help' for the flags and their values.");
            return ExitCodes.Usage;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            var code = FailureReport.ExitCodeOf(e);
            console.MarkupLine($"[red]error:[/] {Markup.Escape(FailureReport.MessageOf(e))}");
            if (parse.GetValue(Verbose))
            {
                console.WriteLine(e.ToString());
            }

            return code;
        }
    }

    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Add(result.Command is RootCommand ? "recommender" : result.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }
}
