using System.CommandLine;
using Recommender.Cli.Failures;
using Recommender.Cli.Output;
using Recommender.Evaluation;
using Recommender.Scoring;
using Recommender.Splitting;
using Spectre.Console;

namespace Recommender.Cli.Commands;

/// <summary>
/// <c>recommender evaluate</c>: a model bundle against the baselines on a dataset's leave-one-out targets, full
/// ranking, with intervals and segments, on the console and as Markdown, JSON and a chart.
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var bundle = new BundleOptions();
        var data = new DataOptions();
        var targets = new Option<string>("--targets") { Description = "test (the latest interaction of each user) or validation (the one before).", DefaultValueFactory = _ => "test" };
        targets.AcceptOnlyFromAmong("test", "validation");
        var baselines = new Option<string>("--baselines") { Description = $"Baselines through the same evaluator, comma-separated: any of {OfflineEvaluation.AllBaselinesList}, or none. Default: all (EASE is skipped, with a message, on catalogs too large for it).", DefaultValueFactory = _ => OfflineEvaluation.AllBaselinesList };
        var sampled = new Option<int>("--sampled-negatives") { Description = "Also report SAMPLED metrics: each target ranked among N random unseen items (labelled as such; the full ranking is always reported)." };
        var resamples = new Option<int>("--bootstrap") { Description = "Bootstrap resamples for the confidence intervals.", DefaultValueFactory = _ => 1000 };
        var output = new Option<string>("--output-dir", "-o") { Description = "Where evaluation.md, evaluation.json, evaluation.png and evaluation.svg go.", DefaultValueFactory = _ => Path.Combine("runs", "evaluate") };
        var command = new Command("evaluate", "Evaluate a model bundle against baselines: HR, NDCG, MRR, Recall at 1/5/10/20, coverage, popularity bias, segments, bootstrap intervals.")
        {
            bundle.Model, targets, baselines, sampled, resamples, output,
        };
        data.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var modelPath = bundle.ExistingModel(parse);
            var chosen = parse.GetValue(baselines)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(b => b != "none").ToArray();
            if (OfflineEvaluation.Unknown(chosen) is { } unknown)
            {
                throw CliFailure.Usage($"--baselines: unknown baseline '{unknown}'; expected any of {OfflineEvaluation.AllBaselinesList}, or none.");
            }

            var options = new EvaluationOptions { SampledNegatives = parse.GetValue(sampled) };
            var bootstrap = parse.GetValue(resamples);
            if (bootstrap < 10)
            {
                throw CliFailure.Usage($"--bootstrap: expected at least 10 resamples; got {bootstrap}.");
            }

            var outputFolder = parse.GetValue(output)!;
            OutputPaths.CheckFolder("--output-dir", outputFolder, parse.GetValue(data.Input), parse.GetValue(data.Items), modelPath);

            var dataset = await data.LoadAsync(parse, ct);
            DatasetView.WriteReport(console, dataset.Report);
            var split = LeaveOneOutSplitter.Split(dataset.Interactions);
            using var session = RecommenderSession.Load(modelPath);
            var examples = parse.GetValue(targets) == "validation" ? split.Validation : split.Test;
            OverlapView.Check(console, CatalogOverlap.Measure(split, examples, session.Contains), modelPath, parse.GetValue(data.Input)!);
            var report = OfflineEvaluation.Run(split, examples, session, chosen, options, bootstrap, line => console.MarkupLine(Markup.Escape(line)), ct);
            EvaluationView.Write(console, report);
            foreach (var file in OfflineEvaluation.Write(report, outputFolder))
            {
                console.MarkupLine($"wrote [green]{Markup.Escape(file)}[/]");
            }

            return 0;
        });
        return command;
    }
}
