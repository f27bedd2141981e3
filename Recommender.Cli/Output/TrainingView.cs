using Recommender.Cli.Failures;
using Recommender.Data;
using Recommender.Splitting;
using Recommender.Training.Training;
using Spectre.Console;
using static Recommender.Cli.Output.Numbers;

namespace Recommender.Cli.Output;

/// <summary>Runs a trainer with a live progress display (epoch, batch, loss, sequences/s, ETA), or one line per epoch when quiet.</summary>
internal static class TrainingView
{
    public static TrainedRecommender Run(IAnsiConsole console, SequenceTrainer trainer, DataSplit split, ItemCatalog? items, TrainingRun run, bool quiet, CancellationToken cancellationToken)
    {
        trainer.Notice += message => console.MarkupLine($"[yellow]{Markup.Escape(FlagNames.Rewrite(message))}[/]");
        void Epoch(EpochReport r) => console.MarkupLine(
            $"epoch {r.Epoch,3}  loss {F(r.Loss, 4)}  {F(r.SequencesPerSecond, 0)} seq/s  {F(r.TrainSeconds, 1)} s  validation NDCG@10 {F(r.ValidationNdcg10, 4)}  HR@10 {F(r.ValidationHr10, 4)}{(r.IsBest ? "  best" : "")}");

        if (quiet || !console.Profile.Capabilities.Interactive)
        {
            return trainer.Train(split, items, run, null, Epoch, cancellationToken);
        }

        TrainedRecommender? trained = null;
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("epoch 1");
                var progress = new Progress<TrainingProgress>(p =>
                {
                    task.Description = $"epoch {p.Epoch}/{p.Epochs}  batch {p.Batch}/{p.Batches}  loss {F(p.Loss, 4)}  {F(p.SequencesPerSecond, 0)} seq/s  ETA {p.EpochRemaining:mm\\:ss}";
                    task.MaxValue = p.Batches;
                    task.Value = p.Batch;
                });
                trained = trainer.Train(split, items, run, progress, Epoch, cancellationToken);
            });
        return trained!;
    }
}
