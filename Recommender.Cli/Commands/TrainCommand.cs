using System.CommandLine;
using System.Globalization;
using Recommender.Bundles;
using Recommender.Cli.Failures;
using Recommender.Cli.Output;
using Recommender.Scoring;
using Recommender.Splitting;
using Recommender.Training.Blending;
using Recommender.Training.Export;
using Recommender.Training.Modeling;
using Recommender.Training.Planning;
using Recommender.Training.Training;
using Spectre.Console;
using static Recommender.Cli.Output.Numbers;

namespace Recommender.Cli.Commands;

/// <summary>
/// <c>recommender train</c>: trains the attention model on a dataset's leave-one-out training prefixes, configured from
/// the data (<see cref="TrainingConfigurator"/>) except where a flag says otherwise.
/// </summary>
internal static class TrainCommand
{
    private const string FromData = " Default: chosen from the data (printed with the reason).";

    public static Command Create(IAnsiConsole console)
    {
        var data = new DataOptions();
        var modelDefaults = new SequenceModelOptions();
        var trainDefaults = new TrainingOptions();
        var output = new Option<string>("--output", "-o") { Description = "Where to write the model bundle (*.recbundle): ONNX graphs, item vectors, id map and metadata.", Required = true };
        var torchModel = new Option<string?>("--torch-model") { Description = "Also save the TorchSharp weights and options here (*.recmodel), for further training or analysis." };
        var timeBudget = new Option<double?>("--time-budget") { Description = "Minutes for the whole training: the number of epochs and the learning-rate schedule are planned to end within it." };
        var epochs = new Option<int?>("--epochs") { Description = $"Epochs to train (with a cosine schedule to the last). Default: planned from --time-budget, else up to {trainDefaults.Epochs} with early stopping." };
        var maxLength = new Option<int?>("--max-len") { Description = "Longest history the model reads." + FromData };
        var dim = new Option<int?>("--dim") { Description = "Model width." + FromData };
        var layers = new Option<int?>("--layers") { Description = $"Self-attention blocks. Default {modelDefaults.Layers}." };
        var heads = new Option<int?>("--heads") { Description = $"Attention heads per block. Default {modelDefaults.Heads}." };
        var dropout = new Option<double?>("--dropout") { Description = "Dropout rate." + FromData };
        var attentionDropout = new Option<double?>("--attention-dropout") { Description = "Dropout on attention weights." + FromData };
        var blockLayout = new Option<string?>("--block-layout") { Description = "pre-norm, or sasrec (the original SASRec's LayerNorm placement)." + FromData };
        blockLayout.AcceptOnlyFromAmong("pre-norm", "sasrec");
        var positions = new Option<string?>("--positions") { Description = "first (positions count forward from the oldest item read, the default) or latest (back from the most recent item)." };
        positions.AcceptOnlyFromAmong("latest", "first");
        var loss = new Option<string?>("--loss") { Description = "ce (full softmax), sampled (sampled softmax + logQ), bce, gbce." + FromData };
        loss.AcceptOnlyFromAmong("ce", "sampled", "bce", "gbce");
        var negatives = new Option<int?>("--negatives") { Description = "Negatives per batch for sampled, bce and gbce." + FromData };
        var negativeSampling = new Option<string?>("--negative-sampling") { Description = "How negatives are drawn for sampled, bce and gbce: uniform (the default) or popularity (in proportion to training interactions; logQ-corrected in the sampled softmax)." };
        negativeSampling.AcceptOnlyFromAmong("uniform", "popularity");
        var objective = new Option<string?>("--objective") { Description = "next (SASRec, the default) or masked (BERT4Rec cloze)." };
        objective.AcceptOnlyFromAmong("next", "masked");
        var text = new Option<string?>("--text") { Description = "on (item vectors from ids and the text encoder over item text) or off (ids only)." + FromData };
        text.AcceptOnlyFromAmong("on", "off");
        var noText = new Option<bool>("--no-text") { Description = "The same as --text off." };
        var device = new Option<string>("--device") { Description = "auto, cpu or cuda (falls back to cpu with a message).", DefaultValueFactory = _ => "auto" };
        device.AcceptOnlyFromAmong("auto", "cpu", "cuda");
        var threads = new Option<int>("--threads") { Description = "CPU threads (0: one per core)." };
        var seed = new Option<int?>("--seed") { Description = $"Seed of everything random. Default {trainDefaults.Seed}." };
        var batchSize = new Option<int?>("--batch-size") { Description = "Sequences (history windows) per batch. Default: chosen from the data (printed with the reason)." };
        var learningRate = new Option<double?>("--lr") { Description = $"Peak AdamW learning rate. Default {trainDefaults.LearningRate.ToString(CultureInfo.InvariantCulture)}." };
        var batchWeighting = new Option<string?>("--batch-weighting") { Description = "positions (every position counts the same, the default) or equal (each batch's mean loss counts the same)." };
        batchWeighting.AcceptOnlyFromAmong("equal", "positions");
        var batching = new Option<string?>("--batching") { Description = "similar (batches of similar-length histories, less padding; the default) or random (mixed lengths, as published SASRec)." };
        batching.AcceptOnlyFromAmong("similar", "random");
        var windows = new Option<string?>("--windows") { Description = "latest (each user's latest window of --max-len items) or all (longer histories cut into windows, every interaction a target)." + FromData };
        windows.AcceptOnlyFromAmong("latest", "all");
        var beta2 = new Option<double?>("--adam-beta2") { Description = $"AdamW's second-moment decay rate (beta1 is 0.9). Default {trainDefaults.AdamBeta2.ToString(CultureInfo.InvariantCulture)}." };
        var weightDecay = new Option<double?>("--weight-decay") { Description = "AdamW's decoupled weight decay." + FromData };
        var warmup = new Option<int?>("--warmup-steps") { Description = "Steps over which the learning rate rises linearly to --lr (0: none)." + FromData };
        var schedule = new Option<string?>("--lr-schedule") { Description = "constant, or cosine (after warm-up, down to 0 at the end of the epochs)." + FromData };
        schedule.AcceptOnlyFromAmong("constant", "cosine");
        var clipNorm = new Option<double?>("--clip-norm") { Description = "Gradient norm clipped to (0: no clipping)." + FromData };
        var emaDecay = new Option<double?>("--ema-decay") { Description = "Validate and keep a moving average of the weights with this decay per step, e.g. 0.999 (0: off)." + FromData };
        var patience = new Option<int?>("--patience") { Description = "Epochs without a better validation NDCG@10 before stopping." + FromData };
        var timeLimit = new Option<double?>("--time-limit") { Description = "Minutes; training stops after the epoch that passes it (unplanned: prefer --time-budget)." };
        var resume = new Option<bool>("--resume") { Description = "Continue from the checkpoint (OUTPUT.ckpt) of a killed run." };
        var initFrom = new Option<string?>("--init-from")
        {
            Description = "Continue from an earlier model (the *.recmodel --torch-model wrote) on this data: its shape, weights and items are kept and new items added. "
                + "Default epochs: a third of what a start from nothing plans.",
        };
        var transitions = new Option<string?>("--transitions") { Description = "auto (add an item-transition term to the scores, weighted as is best on validation; none if none helps) or off." + FromData };
        transitions.AcceptOnlyFromAmong("auto", "off");
        var fusedAttention = new Option<bool>("--fused-attention") { Description = "Export attention as ONNX Runtime's fused MultiHeadAttention (same results; only ONNX Runtime runs such graphs)." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress display; one line per epoch." };
        var command = new Command("train", "Train the attention model (leave-one-out split; model chosen on validation NDCG@10). Unset options are chosen from the data, each with its reason.")
        {
            output, torchModel, timeBudget, epochs, maxLength, dim, layers, heads, dropout, attentionDropout, blockLayout, positions, loss, negatives, negativeSampling, objective, text, noText, device,
            threads, seed, batchSize, learningRate, beta2, weightDecay, warmup, schedule, clipNorm, batchWeighting, batching, windows, emaDecay, patience, timeLimit, resume,
            initFrom, transitions, fusedAttention, quiet,
        };
        data.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            // Everything that can be checked without the data is checked before it is read: a wrong flag or an output
            // that cannot be written must not cost a training run.
            var path = parse.GetValue(output)!;
            OutputPaths.CheckFile("--output", path, "model.recbundle", parse.GetValue(data.Input), parse.GetValue(data.Items));
            var torchPath = parse.GetValue(torchModel);
            if (torchPath is not null)
            {
                OutputPaths.CheckFile("--torch-model", torchPath, "model.recmodel", parse.GetValue(data.Input), parse.GetValue(data.Items), path);
            }

            var checkpoint = path + ".ckpt";
            if (parse.GetValue(resume) && !File.Exists(checkpoint))
            {
                throw CliFailure.Usage($"--resume: there is no checkpoint to continue from ({checkpoint}); run without --resume to train from the start.");
            }

            var initPath = parse.GetValue(initFrom);
            using var previous = initPath is null ? null : WarmStarts.Load(initPath, path, torchPath);
            if (previous is not null)
            {
                WarmStarts.CheckFlags(parse, initPath!, previous, dim, layers, heads, maxLength, dropout, attentionDropout, blockLayout, positions, text, noText, objective);
            }

            var given = new GivenOptions(parse);
            var textGiven = parse.GetValue(noText) ? false : given.Get(text, v => v == "on");
            if (parse.GetValue(noText))
            {
                given.Record("--text", "off");
            }

            var budget = parse.GetValue(timeBudget) is { } budgetMinutes ? TimeSpan.FromMinutes(budgetMinutes) : (TimeSpan?)null;
            SequenceModelOptions ModelWith(SequenceModelOptions chosen) => chosen with
            {
                Dim = given.Get(dim) ?? chosen.Dim,
                Layers = given.Get(layers) ?? chosen.Layers,
                Heads = given.Get(heads) ?? chosen.Heads,
                MaxLength = given.Get(maxLength) ?? chosen.MaxLength,
                Dropout = given.Get(dropout) ?? chosen.Dropout,
                AttentionDropout = given.Get(attentionDropout) ?? chosen.AttentionDropout,
                BlockLayout = given.Get(blockLayout, v => v == "sasrec" ? BlockLayout.SASRec : BlockLayout.PreNorm) ?? chosen.BlockLayout,
                Positions = given.Get(positions, v => v == "first" ? PositionOrigin.FirstItem : PositionOrigin.LatestItem) ?? chosen.Positions,
                UseText = textGiven ?? chosen.UseText,
            };
            TrainingOptions TrainingWith(TrainingOptions chosen) => chosen with
            {
                Epochs = given.Get(epochs) ?? chosen.Epochs,
                TimeBudget = budget,
                Loss = given.Get(loss, v => v switch { "sampled" => LossKind.SampledSoftmax, "bce" => LossKind.BinaryCrossEntropy, "gbce" => LossKind.GeneralizedBce, _ => LossKind.CrossEntropy })
                    ?? chosen.Loss,
                Negatives = given.Get(negatives) ?? chosen.Negatives,
                NegativeSampling = given.Get(negativeSampling, v => v == "popularity" ? NegativeSampling.Popularity : NegativeSampling.Uniform) ?? chosen.NegativeSampling,
                Objective = given.Get(objective, v => v == "masked" ? TrainingObjective.MaskedItem : TrainingObjective.NextItem) ?? chosen.Objective,
                Device = parse.GetValue(device) switch { "cpu" => ComputeDevice.Cpu, "cuda" => ComputeDevice.Cuda, _ => ComputeDevice.Auto },
                Threads = parse.GetValue(threads),
                Seed = given.Get(seed) ?? chosen.Seed,
                BatchSize = given.Get(batchSize) ?? chosen.BatchSize,
                LearningRate = given.Get(learningRate) ?? chosen.LearningRate,
                AdamBeta2 = given.Get(beta2) ?? chosen.AdamBeta2,
                WeightDecay = given.Get(weightDecay) ?? chosen.WeightDecay,
                WarmupSteps = given.Get(warmup) ?? chosen.WarmupSteps,
                LearningRateSchedule = given.Get(schedule, v => v == "cosine" ? LearningRateSchedule.Cosine : LearningRateSchedule.Constant) ?? chosen.LearningRateSchedule,
                GradientClipNorm = given.Get(clipNorm) ?? chosen.GradientClipNorm,
                BatchWeighting = given.Get(batchWeighting, v => v == "positions" ? BatchWeighting.ByPositions : BatchWeighting.Equal) ?? chosen.BatchWeighting,
                BatchComposition = given.Get(batching, v => v == "random" ? BatchComposition.Random : BatchComposition.SimilarLengths) ?? chosen.BatchComposition,
                Windows = given.Get(windows, v => v == "all" ? SequenceWindows.All : SequenceWindows.Latest) ?? chosen.Windows,
                WeightAverageDecay = given.Get(emaDecay) ?? chosen.WeightAverageDecay,
                Patience = given.Get(patience) ?? chosen.Patience,
                TimeLimit = parse.GetValue(timeLimit) is { } minutes ? TimeSpan.FromMinutes(minutes) : null,
            };

            // The given values against the library's defaults: what is out of range on its own is refused now; what
            // conflicts only with a choice the data makes (heads against the width) is refused after reading, still before training.
            ModelWith(new SequenceModelOptions()).Validate();
            TrainingWith(new TrainingOptions()).Validate();

            var dataset = await data.LoadAsync(parse, ct, previous?.Items.Ids).ConfigureAwait(false);
            var split = LeaveOneOutSplitter.Split(dataset.Interactions);
            var plan = TrainingConfigurator.Configure(DataProfile.Of(split, dataset.Items), epochsKnown: budget is not null || parse.GetValue(epochs) is not null);
            if (previous is not null)
            {
                plan = WarmStarts.Plan(plan, previous, initPath!, dataset.Interactions.ItemCount, epochsGiven: budget is not null || parse.GetValue(epochs) is not null);
            }

            var model = ModelWith(plan.Model);
            var training = TrainingWith(plan.Training);
            model.Validate();
            training.Validate();
            var blend = given.Get(transitions, v => v == "auto") ?? plan.Transitions;
            var configuration = given.Merge(plan.Choices);
            ConfigurationView.Write(console, "configuration (flags given win over the rules):", configuration);
            var run = new TrainingRun
            {
                CheckpointPath = checkpoint,
                Resume = parse.GetValue(resume),
                MetricsLogPath = path + ".metrics.jsonl",
                WarmStart = previous is null ? null : new WarmStart(previous),
            };
            if (!run.Resume && File.Exists(run.MetricsLogPath))
            {
                File.Delete(run.MetricsLogPath);
            }

            console.MarkupLine($"training on {N(split.TrainInteractionCount)} interactions of {N(dataset.Interactions.UserCount)} users; {Markup.Escape(split.Report.Protocol)}");
            using var trained = TrainingView.Run(console, new SequenceTrainer(training, model), split, dataset.Items, run, parse.GetValue(quiet), ct);
            TransitionBlend? term = null;
            if (blend)
            {
                term = TransitionBlend.Fit(trained.CreateScorer(), split, ct: ct);
                console.MarkupLine(Markup.Escape(term.Describe()));
            }

            var lineage = previous is null ? null : new[] { WarmStarts.Lineage(initPath!, previous, parse.GetValue(data.Input)!, dataset.Interactions.ItemCount) };
            var exported = BundleExporter.Export(trained, split, dataset.Items, parse.GetValue(fusedAttention), configuration, term, lineage);
            exported.Save(path);
            if (RecommenderSession.SearchesApproximately(exported.Manifest.Model, new RecommenderSessionOptions()))
            {
                // Built once here rather than by every shard or server that first opens a catalog this large.
                using var indexed = RecommenderSession.Load(path);
                BundleOptions.WriteNotes(console, indexed);
            }

            if (torchPath is not null)
            {
                trained.Save(torchPath);
                console.MarkupLine($"TorchSharp model: {Markup.Escape(torchPath)}");
            }

            var best = trained.History.First(r => r.Epoch == trained.BestEpoch);
            console.MarkupLine($"trained {trained.History.Count} of {trained.TrainingOptions.Epochs} planned epochs (train again with --epochs {trained.TrainingOptions.Epochs} to repeat this run without a budget)");
            console.MarkupLine($"best epoch {trained.BestEpoch}: validation NDCG@10 {F(best.ValidationNdcg10, 4)}, HR@10 {F(best.ValidationHr10, 4)} (full ranking, seen items excluded)");
            console.MarkupLine($"bundle: {Markup.Escape(path)}; checkpoint: {Markup.Escape(run.CheckpointPath)}; metrics log: {Markup.Escape(run.MetricsLogPath)}");
            return 0;
        });
        return command;
    }

    /// <summary>The options the user set on the command line, read once each and remembered for the configuration printed and bundled.</summary>
    private sealed class GivenOptions(ParseResult parse)
    {
        private readonly List<ConfigurationChoice> _given = [];

        public T? Get<T>(Option<T?> option)
            where T : struct
        {
            var value = parse.GetValue(option);
            if (value is { } set)
            {
                Record(option.Name, Convert.ToString(set, CultureInfo.InvariantCulture)!);
            }

            return value;
        }

        public T? Get<T>(Option<string?> option, Func<string, T> map)
            where T : struct
        {
            if (parse.GetValue(option) is not { } value)
            {
                return null;
            }

            Record(option.Name, value);
            return map(value);
        }

        public void Record(string setting, string value)
        {
            // The options are read once against the defaults and once against the data's plan; each counts once.
            _given.RemoveAll(g => g.Setting == setting);
            _given.Add(new ConfigurationChoice(setting, value, "given"));
        }

        /// <summary>The rules' choices with given values in place of theirs, then the given options no rule decides.</summary>
        public List<ConfigurationChoice> Merge(IReadOnlyList<ConfigurationChoice> chosen)
        {
            var merged = chosen.Select(c => _given.LastOrDefault(g => g.Setting == c.Setting) ?? c).ToList();
            merged.AddRange(_given.Where(g => chosen.All(c => c.Setting != g.Setting)).DistinctBy(g => g.Setting));
            return merged;
        }
    }
}
