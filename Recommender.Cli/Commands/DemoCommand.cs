using System.CommandLine;
using Recommender.Cli.Output;
using Recommender.Data;
using Recommender.Splitting;
using Spectre.Console;

namespace Recommender.Cli.Commands;

/// <summary>
/// <c>recommender demo</c>: the main job on the bundled dataset. Today: load and report the data,
/// split it by time, and check that the training runtime works on this machine.
/// </summary>
internal static class DemoCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var data = new DataOptions(defaultInput: Path.Combine("data", "sample"));
        var command = new Command("demo", "Run the main job on the bundled dataset (data/sample).");
        data.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            console.Write(new Rule("[bold]1. data[/]").LeftJustified());
            var dataset = await data.LoadAsync(parse, ct).ConfigureAwait(false);
            DatasetView.Write(console, dataset, DatasetStatistics.Compute(dataset));

            console.Write(new Rule("[bold]2. split[/]").LeftJustified());
            var split = LeaveOneOutSplitter.Split(dataset.Interactions);
            SplitView.Write(console, split);

            console.Write(new Rule("[bold]3. training runtime[/]").LeftJustified());
            RuntimeView.Write(console);
            return 0;
        });
        return command;
    }
}
