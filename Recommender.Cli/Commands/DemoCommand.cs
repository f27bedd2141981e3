using System.CommandLine;
using Recommender.BatchScoring;
using Recommender.Cli.Charts;
using Recommender.Cli.Output;
using Recommender.Data;
using Recommender.Evaluation;
using Recommender.Explain;
using Recommender.Scoring;
using Recommender.Splitting;
using Recommender.Training.Blending;
using Recommender.Training.Export;
using Recommender.Training.Planning;
using Recommender.Training.Training;
using Spectre.Console;

namespace Recommender.Cli.Commands;

/// <summary>
/// <c>recommender demo</c>: the main job on the bundled dataset. Loads and reports the data, splits it by time,
/// trains the attention model and exports it to a bundle, evaluates the bundle against Popularity and item-KNN on the
/// held-out test targets, scores every user into Parquet, explains one user, and says where every file went.
/// </summary>
internal static class DemoCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var data = new DataOptions(defaultInput: Path.Combine("data", "sample"));
        var outputDirectory = new Option<string>("--output-dir") { Description = "Where the trained model and its logs go.", DefaultValueFactory = _ => Path.Combine("runs", "demo") };
        // A fixed number of epochs, not a time budget, so that the demo prints the same numbers on every machine.
        var epochs = new Option<int>("--epochs") { Description = "Training epochs (about 15 s each with validation on 2 cores).", DefaultValueFactory = _ => 10 };
        var timeLimit = new Option<double?>("--time-limit") { Description = "Minutes of training at most (default: no limit)." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress display; one line per epoch." };
        var command = new Command("demo", "Run the main job on the bundled dataset (data/sample): data report, split, training, bundle, evaluation against baselines, batch scoring, attention maps.")
        {
            outputDirectory, epochs, timeLimit, quiet,
        };
        data.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var folder = parse.GetValue(outputDirectory)!;
            OutputPaths.CheckFolder("--output-dir", folder, parse.GetValue(data.Input), parse.GetValue(data.Items));
            console.Write(new Rule("[bold]1. data[/]").LeftJustified());
            var dataset = await data.LoadAsync(parse, ct).ConfigureAwait(false);
            DatasetView.Write(console, dataset, DatasetStatistics.Compute(dataset));

            console.Write(new Rule("[bold]2. split[/]").LeftJustified());
            var split = LeaveOneOutSplitter.Split(dataset.Interactions);
            SplitView.Write(console, split);

            console.Write(new Rule("[bold]3. training runtime[/]").LeftJustified());
            RuntimeView.Write(console);

            console.Write(new Rule("[bold]4. training[/]").LeftJustified());
            Directory.CreateDirectory(folder);
            var modelPath = Path.Combine(folder, "model.recbundle");
            var run = new TrainingRun { MetricsLogPath = Path.Combine(folder, "metrics.jsonl") };
            File.Delete(run.MetricsLogPath);

            // The configuration `train` would choose for this data with --epochs, so the demo shows what the defaults give.
            var plan = TrainingConfigurator.Configure(DataProfile.Of(split, dataset.Items), epochsKnown: true);
            var training = plan.Training with
            {
                Epochs = parse.GetValue(epochs),
                TimeLimit = parse.GetValue(timeLimit) is { } minutes ? TimeSpan.FromMinutes(minutes) : null,
            };
            ConfigurationView.Write(console, $"configuration chosen from the data (as [bold]train[/] chooses it), {training.Epochs} epochs:", plan.Choices);

            using var trained = TrainingView.Run(console, new SequenceTrainer(training, plan.Model), split, dataset.Items, run, parse.GetValue(quiet), ct);
            TransitionBlend? transitions = null;
            if (plan.Transitions)
            {
                transitions = TransitionBlend.Fit(trained.CreateScorer(), split, ct: ct);
                console.MarkupLine(Markup.Escape(transitions.Describe()));
            }

            BundleExporter.Export(trained, split, dataset.Items, configuration: plan.Choices, transitions: transitions).Save(modelPath);

            console.Write(new Rule("[bold]5. evaluation on the test targets, against the baselines[/]").LeftJustified());
            using var session = RecommenderSession.Load(modelPath);
            var report = OfflineEvaluation.Run(split, split.Test, session, OfflineEvaluation.AllBaselines, new EvaluationOptions(), resamples: 1000, line => console.MarkupLine(Markup.Escape(line)), ct);
            EvaluationView.Write(console, report);
            var evaluationFiles = OfflineEvaluation.Write(report, Path.Combine(folder, "evaluation"));

            console.Write(new Rule("[bold]6. batch scoring: the top 10 for every user, from the bundle[/]").LeftJustified());
            var histories = await HistoryFile.OpenAsync(dataset.Report.Interactions.FilePath, data.InteractionReadOptions(parse), ct);
            var recommendationsPath = Path.Combine(folder, "recommendations.parquet");
            var scoring = new BatchScoringOptions();
            BatchScoringView.Write(console, await BatchScorer.ScoreAsync(session, histories, recommendationsPath, scoring, null, ct), null, histories, recommendationsPath, scoring);

            console.Write(new Rule("[bold]7. one test user: recommendations and what the model attended to[/]").LeftJustified());
            var example = split.Test[0];
            var items = dataset.Interactions.Items;
            var user = dataset.Interactions.Users.GetId(example.User);
            var history = split.GetInput(example).ToArray().Select(items.GetId).ToList();
            var target = items.GetId(split.GetTarget(example));
            console.MarkupLine($"user {Markup.Escape(user)}, latest of {history.Count} items: {Markup.Escape(string.Join(" · ", history.TakeLast(5).Select(id => Title(session, id))))}");
            var recommendations = session.Recommend(history, k: 5);
            RecommendationView.Write(console, recommendations);
            console.MarkupLine($"held-out next item: {Markup.Escape(Title(session, target))}");
            var attentionPath = Path.Combine(folder, "attention.png");
            var maps = AttentionMaps.Compute(session.Bundle, history);
            AttentionFigure.Save(attentionPath, maps, recommendations, user, Path.GetFileName(modelPath));
            AttentionView.Write(console, maps);

            console.Write(new Rule("[bold]files[/]").LeftJustified());
            console.MarkupLine($"model bundle: {Markup.Escape(modelPath)} (try: recommender recommend --model {Markup.Escape(modelPath)} --history \"...\")");
            console.MarkupLine($"training log (one JSON line per epoch): {Markup.Escape(run.MetricsLogPath)}");
            console.MarkupLine($"evaluation (Markdown, JSON, chart): {Markup.Escape(string.Join(", ", evaluationFiles))}");
            console.MarkupLine($"recommendations for every user (Parquet: user_id, rank, item_id, score): {Markup.Escape(recommendationsPath)}");
            console.MarkupLine($"attention maps of user {Markup.Escape(user)}: {Markup.Escape(attentionPath)}");
            return 0;
        });
        return command;
    }

    private static string Title(RecommenderSession session, string itemId) =>
        session.Bundle.Items.TryGetIndex(itemId, out var index) && session.Bundle.Titles[index] is { Length: > 0 } title ? title : itemId;
}
