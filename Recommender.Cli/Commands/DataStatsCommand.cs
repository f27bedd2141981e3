using System.CommandLine;
using System.Text.Json;
using Recommender.Cli.Output;
using Recommender.Data;
using Spectre.Console;

namespace Recommender.Cli.Commands;

/// <summary><c>recommender data stats</c>: what a dataset holds and what reading it skipped.</summary>
internal static class DataStatsCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var data = new DataOptions();
        var json = new Option<bool>("--json") { Description = "Print the statistics and the read report as JSON." };
        var command = new Command("stats", "Print users, items, interactions, sequence-length percentiles, and skipped/duplicate/missing counts.");
        data.AddTo(command);
        command.Add(json);
        command.SetAction(async (parse, ct) =>
        {
            var dataset = await data.LoadAsync(parse, ct).ConfigureAwait(false);
            var statistics = DatasetStatistics.Compute(dataset);
            if (parse.GetValue(json))
            {
                console.WriteLine(JsonSerializer.Serialize(new { statistics, report = dataset.Report }, JsonOutput.Options));
            }
            else
            {
                DatasetView.Write(console, dataset, statistics);
            }

            return 0;
        });
        return command;
    }
}
