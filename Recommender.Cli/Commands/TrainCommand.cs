using System.CommandLine;
using Recommender.Cli.Output;
using Recommender.Splitting;
using Recommender.Training.Export;
using Recommender.Training.Modeling;
using Recommender.Training.Training;
using Spectre.Console;
using static Recommender.Cli.Output.Numbers;

namespace Recommender.Cli.Commands;

/// <summary><c>recommender train</c>: trains the attention model on a dataset's leave-one-out training prefixes.</summary>
internal static class TrainCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var data = new DataOptions();
        var modelDefaults = new SequenceModelOptions();
        var trainDefaults = new TrainingOptions();
        var output = new Option<string>("--output", "-o") { Description = "Where to write the model bundle (*.recbundle): ONNX graphs, item vectors, id map and metadata.", Required = true };
        var torchModel = new Option<string?>("--torch-model") { Description = "Also save the TorchSharp weights and options here (*.recmodel), for further training or analysis." };
        var epochs = new Option<int>("--epochs") { Description = "Most epochs; early stopping on validation NDCG@10 usually ends sooner.", DefaultValueFactory = _ => trainDefaults.Epochs };
        var maxLength = new Option<int>("--max-len") { Description = "Longest history the model reads.", DefaultValueFactory = _ => modelDefaults.MaxLength };
        var dim = new Option<int>("--dim") { Description = "Model width.", DefaultValueFactory = _ => modelDefaults.Dim };
        var layers = new Option<int>("--layers") { Description = "Self-attention blocks.", DefaultValueFactory = _ => modelDefaults.Layers };
        var heads = new Option<int>("--heads") { Description = "Attention heads per block.", DefaultValueFactory = _ => modelDefaults.Heads };
        var dropout = new Option<double>("--dropout") { Description = "Dropout rate.", DefaultValueFactory = _ => modelDefaults.Dropout };
        var attentionDropout = new Option<double>("--attention-dropout") { Description = "Dropout on attention weights (slower on the CPU).", DefaultValueFactory = _ => modelDefaults.AttentionDropout };
        var blockLayout = new Option<string>("--block-layout") { Description = "pre-norm, or sasrec (the original SASRec's LayerNorm placement).", DefaultValueFactory = _ => "pre-norm" };
        blockLayout.AcceptOnlyFromAmong("pre-norm", "sasrec");
        var positions = new Option<string>("--positions") { Description = "latest (positions count back from the most recent item) or first (forward from the oldest item read).", DefaultValueFactory = _ => modelDefaults.Positions == PositionOrigin.FirstItem ? "first" : "latest" };
        positions.AcceptOnlyFromAmong("latest", "first");
        var loss = new Option<string>("--loss") { Description = "ce (full softmax), sampled (sampled softmax + logQ), bce, gbce.", DefaultValueFactory = _ => "ce" };
        loss.AcceptOnlyFromAmong("ce", "sampled", "bce", "gbce");
        var negatives = new Option<int>("--negatives") { Description = "Negatives per batch for sampled, bce and gbce.", DefaultValueFactory = _ => trainDefaults.Negatives };
        var objective = new Option<string>("--objective") { Description = "next (SASRec) or masked (BERT4Rec cloze).", DefaultValueFactory = _ => "next" };
        objective.AcceptOnlyFromAmong("next", "masked");
        var noText = new Option<bool>("--no-text") { Description = "Train without the item text encoder." };
        var device = new Option<string>("--device") { Description = "auto, cpu or cuda (falls back to cpu with a message).", DefaultValueFactory = _ => "auto" };
        device.AcceptOnlyFromAmong("auto", "cpu", "cuda");
        var threads = new Option<int>("--threads") { Description = "CPU threads (0: one per core)." };
        var seed = new Option<int>("--seed") { Description = "Seed of everything random.", DefaultValueFactory = _ => trainDefaults.Seed };
        var batchSize = new Option<int>("--batch-size") { Description = "Sequences per batch.", DefaultValueFactory = _ => trainDefaults.BatchSize };
        var learningRate = new Option<double>("--lr") { Description = "Peak AdamW learning rate.", DefaultValueFactory = _ => trainDefaults.LearningRate };
        var batchWeighting = new Option<string>("--batch-weighting") { Description = "equal (each batch's mean loss counts the same) or positions (every position counts the same).", DefaultValueFactory = _ => trainDefaults.BatchWeighting == BatchWeighting.ByPositions ? "positions" : "equal" };
        batchWeighting.AcceptOnlyFromAmong("equal", "positions");
        var batching = new Option<string>("--batching") { Description = "similar (batches of similar-length histories, less padding) or random (mixed lengths, as published SASRec).", DefaultValueFactory = _ => trainDefaults.BatchComposition == BatchComposition.Random ? "random" : "similar" };
        batching.AcceptOnlyFromAmong("similar", "random");
        var windows = new Option<string>("--windows") { Description = "latest (each user's latest window of --max-len items, as published SASRec) or all (longer histories cut into windows, every interaction a target).", DefaultValueFactory = _ => trainDefaults.Windows == SequenceWindows.All ? "all" : "latest" };
        windows.AcceptOnlyFromAmong("latest", "all");
        var beta2 = new Option<double>("--adam-beta2") { Description = "AdamW's second-moment decay rate (beta1 is 0.9).", DefaultValueFactory = _ => trainDefaults.AdamBeta2 };
        var weightDecay = new Option<double>("--weight-decay") { Description = "AdamW's decoupled weight decay.", DefaultValueFactory = _ => trainDefaults.WeightDecay };
        var warmup = new Option<int>("--warmup-steps") { Description = "Steps over which the learning rate rises linearly to --lr (0: none).", DefaultValueFactory = _ => trainDefaults.WarmupSteps };
        var schedule = new Option<string>("--lr-schedule") { Description = "constant, or cosine (after warm-up, down to 0 at the end of --epochs).", DefaultValueFactory = _ => trainDefaults.LearningRateSchedule == LearningRateSchedule.Cosine ? "cosine" : "constant" };
        schedule.AcceptOnlyFromAmong("constant", "cosine");
        var clipNorm = new Option<double>("--clip-norm") { Description = "Gradient norm clipped to (0: no clipping).", DefaultValueFactory = _ => trainDefaults.GradientClipNorm };
        var emaDecay = new Option<double>("--ema-decay") { Description = "Validate and keep a moving average of the weights with this decay per step, e.g. 0.999 (0: off).", DefaultValueFactory = _ => trainDefaults.WeightAverageDecay };
        var patience = new Option<int>("--patience") { Description = "Epochs without a better validation NDCG@10 before stopping.", DefaultValueFactory = _ => trainDefaults.Patience };
        var timeLimit = new Option<double?>("--time-limit") { Description = "Minutes; training stops after the epoch that passes it." };
        var resume = new Option<bool>("--resume") { Description = "Continue from the checkpoint (OUTPUT.ckpt) of a killed run." };
        var fusedAttention = new Option<bool>("--fused-attention") { Description = "Export attention as ONNX Runtime's fused MultiHeadAttention (same results; only ONNX Runtime runs such graphs)." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress display; one line per epoch." };
        var command = new Command("train", "Train the attention model (leave-one-out split; model chosen on validation NDCG@10).")
        {
            output, torchModel, epochs, maxLength, dim, layers, heads, dropout, attentionDropout, blockLayout, positions, loss, negatives, objective, noText, device, threads, seed,
            batchSize, learningRate, beta2, weightDecay, warmup, schedule, clipNorm, batchWeighting, batching, windows, emaDecay, patience, timeLimit, resume, fusedAttention, quiet,
        };
        data.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var dataset = await data.LoadAsync(parse, ct).ConfigureAwait(false);
            var split = LeaveOneOutSplitter.Split(dataset.Interactions);
            var model = modelDefaults with
            {
                Dim = parse.GetValue(dim), Layers = parse.GetValue(layers), Heads = parse.GetValue(heads),
                MaxLength = parse.GetValue(maxLength), Dropout = parse.GetValue(dropout), AttentionDropout = parse.GetValue(attentionDropout),
                BlockLayout = parse.GetValue(blockLayout) == "sasrec" ? BlockLayout.SASRec : BlockLayout.PreNorm,
                Positions = parse.GetValue(positions) == "first" ? PositionOrigin.FirstItem : PositionOrigin.LatestItem, UseText = !parse.GetValue(noText),
            };
            var training = trainDefaults with
            {
                Epochs = parse.GetValue(epochs),
                Loss = parse.GetValue(loss) switch { "sampled" => LossKind.SampledSoftmax, "bce" => LossKind.BinaryCrossEntropy, "gbce" => LossKind.GeneralizedBce, _ => LossKind.CrossEntropy },
                Negatives = parse.GetValue(negatives),
                Objective = parse.GetValue(objective) == "masked" ? TrainingObjective.MaskedItem : TrainingObjective.NextItem,
                Device = parse.GetValue(device) switch { "cpu" => ComputeDevice.Cpu, "cuda" => ComputeDevice.Cuda, _ => ComputeDevice.Auto },
                Threads = parse.GetValue(threads),
                Seed = parse.GetValue(seed),
                BatchSize = parse.GetValue(batchSize),
                LearningRate = parse.GetValue(learningRate),
                AdamBeta2 = parse.GetValue(beta2),
                WeightDecay = parse.GetValue(weightDecay),
                WarmupSteps = parse.GetValue(warmup),
                LearningRateSchedule = parse.GetValue(schedule) == "cosine" ? LearningRateSchedule.Cosine : LearningRateSchedule.Constant,
                GradientClipNorm = parse.GetValue(clipNorm),
                BatchWeighting = parse.GetValue(batchWeighting) == "positions" ? BatchWeighting.ByPositions : BatchWeighting.Equal,
                BatchComposition = parse.GetValue(batching) == "random" ? BatchComposition.Random : BatchComposition.SimilarLengths,
                Windows = parse.GetValue(windows) == "all" ? SequenceWindows.All : SequenceWindows.Latest,
                WeightAverageDecay = parse.GetValue(emaDecay),
                Patience = parse.GetValue(patience),
                TimeLimit = parse.GetValue(timeLimit) is { } minutes ? TimeSpan.FromMinutes(minutes) : null,
            };
            var path = parse.GetValue(output)!;
            var run = new TrainingRun { CheckpointPath = path + ".ckpt", Resume = parse.GetValue(resume), MetricsLogPath = path + ".metrics.jsonl" };
            if (!run.Resume && File.Exists(run.MetricsLogPath))
            {
                File.Delete(run.MetricsLogPath);
            }

            console.MarkupLine($"training on {N(split.TrainInteractionCount)} interactions of {N(dataset.Interactions.UserCount)} users; {Markup.Escape(split.Report.Protocol)}");
            using var trained = TrainingView.Run(console, new SequenceTrainer(training, model), split, dataset.Items, run, parse.GetValue(quiet), ct);
            BundleExporter.Export(trained, split, dataset.Items, parse.GetValue(fusedAttention)).Save(path);
            if (parse.GetValue(torchModel) is { } torchPath)
            {
                trained.Save(torchPath);
                console.MarkupLine($"TorchSharp model: {Markup.Escape(torchPath)}");
            }

            var best = trained.History.First(r => r.Epoch == trained.BestEpoch);
            console.MarkupLine($"best epoch {trained.BestEpoch}: validation NDCG@10 {F(best.ValidationNdcg10, 4)}, HR@10 {F(best.ValidationHr10, 4)} (full ranking, seen items excluded)");
            console.MarkupLine($"bundle: {Markup.Escape(path)}; checkpoint: {Markup.Escape(run.CheckpointPath)}; metrics log: {Markup.Escape(run.MetricsLogPath)}");
            return 0;
        });
        return command;
    }
}
