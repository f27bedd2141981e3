using System.Diagnostics;
using System.Text.Json;
using Recommender.Data;
using Recommender.Evaluation;
using Recommender.Splitting;
using Recommender.Text;
using Recommender.Training.Modeling;
using Recommender.Training.Native;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Recommender.Training.Training;

/// <summary>
/// Trains a <see cref="SequenceRecommender"/> on a split's training prefixes: AdamW with warm-up and gradient
/// clipping, full-ranking validation NDCG@10 after every epoch, early stopping that keeps the best weights, and
/// an optional checkpoint after every epoch from which a killed run resumes.
/// </summary>
public sealed class SequenceTrainer
{
    private const int ProgressEveryBatches = 5;

    /// <summary>
    /// Tries of an epoch or a validation before a libtorch failure stops the run. TorchSharp 0.107 can finalise a
    /// temporary Scalar (one made implicitly for an operator) while native code still reads it, which rarely fails an
    /// operation with a bogus range check ("Expected false to be true" in Scalar::toFloat); the computation itself is
    /// sound, so running it again from the same state succeeds. Steps and scoring batches run inside a
    /// <see cref="NoCollectionRegion"/>, which closes that window; the retries stay for what it cannot cover.
    /// </summary>
    internal const int MaxAttempts = 3;
    private TrainingOptions _options;
    private readonly SequenceModelOptions _model;

    /// <summary>Creates a trainer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public SequenceTrainer(TrainingOptions? options = null, SequenceModelOptions? model = null)
    {
        _options = options ?? new TrainingOptions();
        _options.Validate();
        _model = (model ?? new SequenceModelOptions()) with { Causal = _options.Objective == TrainingObjective.NextItem };
        _model.Validate();
    }

    /// <summary>
    /// Called after every optimisation step with the epoch and batch (1-based), and before each validation with batch 0;
    /// tests throw from it to play a libtorch failure.
    /// </summary>
    internal Action<int, int>? InjectedFault { get; set; }

    /// <summary>Messages about choices made on the caller's behalf (device fallback, text turned off).</summary>
    public event Action<string>? Notice;

    /// <summary>Trains on <paramref name="split"/> and returns the model with the best validation NDCG@10.</summary>
    /// <param name="split">Training prefixes and validation targets; test targets are never looked at.</param>
    /// <param name="catalog">Item text for the text encoder; null trains without text.</param>
    /// <param name="run">Checkpoint and log files; null for none.</param>
    /// <param name="progress">Receives progress every few batches.</param>
    /// <param name="epochDone">Called with each finished epoch's report.</param>
    /// <param name="cancellationToken">Stops between batches; the last finished epoch's checkpoint remains.</param>
    public TrainedRecommender Train(DataSplit split, ItemCatalog? catalog = null, TrainingRun? run = null, IProgress<TrainingProgress>? progress = null, Action<EpochReport>? epochDone = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(split);
        run ??= new TrainingRun();
        TorchSharpRuntime.EnsureLoadable();
        var (device, deviceNote) = DeviceSelector.Select(_options.Device);
        Tell(deviceNote);
        if (_options.Threads > 0)
        {
            set_num_threads(_options.Threads);
        }

        var log = split.Log;
        var modelOptions = _model;
        ItemTextTokenizer? tokenizer = null;
        long[,]? tokens = null;
        if (run.WarmStart is { } warm)
        {
            if (warm.Model != modelOptions)
            {
                throw new ArgumentException("A warm start keeps the shape of the model it continues from; train with its SequenceModelOptions (WarmStart.Model).", nameof(run));
            }

            warm.CheckItems(log.Items);
            if (modelOptions.UseText)
            {
                // The vocabulary is the earlier model's: its text encoder knows no other. Earlier items keep their tokens (Apply).
                tokenizer = warm.Previous.Tokenizer!;
                tokens = ItemTokens.Encode(log.Items, catalog ?? new ItemCatalog([]), tokenizer);
            }
        }
        else if (modelOptions.UseText && catalog is null)
        {
            Tell("No item catalog was given, so the model trains without the text encoder.");
            modelOptions = modelOptions with { UseText = false };
        }
        else if (modelOptions.UseText)
        {
            tokenizer = ItemTextTokenizer.Build(catalog!);
            tokens = ItemTokens.Encode(log.Items, catalog!, tokenizer);
        }

        manual_seed(_options.Seed);
        var model = new SequenceRecommender(modelOptions, log.ItemCount, tokens, tokenizer?.VocabularySize ?? 0);
        run.WarmStart?.Apply(model);
        model.to(device);
        var optimizer = optim.AdamW(model.parameters(), _options.LearningRate, 0.9, _options.AdamBeta2, 1e-8, _options.WeightDecay);
        using var average = _options.WeightAverageDecay > 0 ? new WeightAverage(model, _options.WeightAverageDecay) : null;

        var batches = new BatchBuilder(modelOptions.MaxLength, _options.Objective, _options.MaskProbability, model.MaskToken);
        var sequences = TrainingSequences(split, batches);
        var itemCounts = log.CountItemInteractions();
        var loss = new LossFunction(_options, log.ItemCount, itemCounts, device);
        var validation = ValidationExamples(split);
        var scorer = new TorchSequenceScorer(model, device);

        if (_options.TimeBudget is not null && run.Resume && run.CheckpointPath is { } saved && File.Exists(saved))
        {
            // A budgeted run planned its epochs after the first; the checkpoint remembers the plan.
            _options = _options with { Epochs = TrainingCheckpoint.ReadOptions(saved).Epochs };
        }

        var state = new CheckpointState(modelOptions, _options, 0, 0, 0, double.NegativeInfinity, 0, 0, []);
        var best = model.Snapshot();
        if (run.Resume && run.CheckpointPath is { } checkpoint && File.Exists(checkpoint))
        {
            (state, best, var averaged) = TrainingCheckpoint.Load(checkpoint, model, optimizer, _options);
            // The checkpoint was written with the same options (Load checks), so it holds an average exactly when this run keeps one.
            average?.Restore(averaged!);
            Tell($"Resuming after epoch {state.CompletedEpochs} from {checkpoint}.");
        }

        var history = new List<EpochReport>(state.History);
        var clock = Stopwatch.StartNew();
        var steps = state.Steps;
        // A resumed budgeted run planned at the same epoch as the uninterrupted one: the decision reads only the recorded times.
        var planned = _options.TimeBudget is { } resumedBudget && history.Any(r => BudgetPlan.PlanNow(resumedBudget, r.Epoch, r.ElapsedSeconds));
        EpochStart? start = null;
        var lastEpochSeconds = history.Count switch { 0 => 0, 1 => history[0].ElapsedSeconds, _ => history[^1].ElapsedSeconds - history[^2].ElapsedSeconds };
        for (var epoch = state.CompletedEpochs + 1; epoch <= _options.Epochs; epoch++)
        {
            var spent = state.ElapsedSeconds + clock.Elapsed.TotalSeconds;
            if (state.EpochsWithoutImprovement >= _options.Patience
                || (_options.TimeLimit is { } limit && spent >= limit.TotalSeconds)
                || (_options.TimeBudget is { } whole && epoch > 1 && spent + lastEpochSeconds > whole.TotalSeconds))
            {
                Tell(state.EpochsWithoutImprovement >= _options.Patience ? null
                    : $"Stopped after epoch {state.CompletedEpochs} of {_options.Epochs}: " + (_options.TimeLimit is { } passed && spent >= passed.TotalSeconds
                        ? "the time limit has passed." : "the next epoch would end past the time budget."));
                break;
            }

            start ??= EpochStart.Capture(model, optimizer, average, steps);
            var (meanLoss, trainSeconds) = RunEpochRecovering(epoch, start, model, optimizer, average, loss, batches, sequences, device, ref steps, progress, cancellationToken);
            EvaluationResult Validate()
            {
                InjectedFault?.Invoke(epoch, 0);
                return FullRankingEvaluator.Evaluate(split, validation, scorer, new EvaluationOptions { Ks = [10], ListMetrics = false }, cancellationToken);
            }

            var metrics = Recovering($"validation after epoch {epoch}", () => average is null ? Validate() : average.WithAverage(Validate));
            var ndcg = metrics.Get(MetricNames.Ndcg(10));
            var improved = ndcg > state.BestNdcg;
            // Serialised once an epoch: the best weights, the checkpoint and the next epoch's start all read it.
            start = EpochStart.Capture(model, optimizer, average, steps);
            if (improved)
            {
                best = start.Average ?? start.Weights;
            }

            var elapsed = state.ElapsedSeconds + clock.Elapsed.TotalSeconds;
            var report = new EpochReport(epoch, meanLoss, trainSeconds, sequences.Count / trainSeconds, ndcg, metrics.Get(MetricNames.HitRate(10)), elapsed, improved);
            history.Add(report);
            lastEpochSeconds = clock.Elapsed.TotalSeconds;
            clock.Restart();
            if (_options.TimeBudget is { } budget && !planned && BudgetPlan.PlanNow(budget, epoch, elapsed))
            {
                _options = _options with { Epochs = PlanEpochs(budget, epoch, elapsed, lastEpochSeconds) };
                planned = true;
            }

            state = state with
            {
                Training = _options,
                CompletedEpochs = epoch,
                Steps = steps,
                BestEpoch = improved ? epoch : state.BestEpoch,
                BestNdcg = Math.Max(ndcg, state.BestNdcg),
                EpochsWithoutImprovement = improved ? 0 : state.EpochsWithoutImprovement + 1,
                ElapsedSeconds = elapsed,
                History = history,
            };
            if (run.MetricsLogPath is { } metricsLog)
            {
                File.AppendAllText(metricsLog, JsonSerializer.Serialize(report, TrainingJson.Options) + Environment.NewLine);
            }

            if (run.CheckpointPath is { } path)
            {
                TrainingCheckpoint.Save(path, state, start, best);
            }

            epochDone?.Invoke(report);
        }

        model.Restore(best);
        model.eval();
        return new TrainedRecommender(model, log.Items, tokenizer, _options, history, state.BestEpoch, device);
    }

    private int PlanEpochs(TimeSpan budget, int completed, double elapsedSeconds, double lastEpochSeconds)
    {
        var epochs = BudgetPlan.Epochs(budget, completed, elapsedSeconds, lastEpochSeconds, _options.Epochs);
        Tell(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"Time budget {budget.TotalMinutes:0.#} min: {completed} epoch{(completed == 1 ? "" : "s")} took {elapsedSeconds:0.0} s with validation, the latest {lastEpochSeconds:0.0} s, "
            + $"so {epochs} epoch{(epochs == 1 ? " is" : "s are")} planned (TrainingOptions.Epochs {epochs}, without a time budget, repeats this run)."));
        return epochs;
    }

    /// <summary>
    /// Runs an epoch; should libtorch fail in it (see <see cref="MaxAttempts"/>), puts back the state the epoch began
    /// with and runs it again, which gives exactly the epoch that would have been.
    /// </summary>
    private (double MeanLoss, double Seconds) RunEpochRecovering(
        int epoch, EpochStart start, SequenceRecommender model, AdamW optimizer, WeightAverage? average, LossFunction lossFunction, BatchBuilder batches,
        List<int[]> sequences, Device device, ref int steps, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return RunEpoch(epoch, model, optimizer, average, lossFunction, batches, sequences, device, ref steps, progress, cancellationToken);
            }
            catch (System.Runtime.InteropServices.ExternalException e) when (attempt < MaxAttempts)
            {
                Tell($"libtorch failed in epoch {epoch} ({FirstLine(e)}); running the epoch again from its start (attempt {attempt + 1} of {MaxAttempts}).");
                start.Restore(model, optimizer, average);
                steps = start.Steps;
            }
        }
    }

    /// <summary>Runs a step that changes no weights (validation), again should libtorch fail in it.</summary>
    private T Recovering<T>(string what, Func<T> read)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return read();
            }
            catch (System.Runtime.InteropServices.ExternalException e) when (attempt < MaxAttempts)
            {
                Tell($"libtorch failed in the {what} ({FirstLine(e)}); running it again (attempt {attempt + 1} of {MaxAttempts}).");
            }
        }
    }

    private static string FirstLine(Exception e) => e.Message.Split('\n')[0].Trim();

    private (double MeanLoss, double Seconds) RunEpoch(
        int epoch, SequenceRecommender model, AdamW optimizer, WeightAverage? average, LossFunction lossFunction, BatchBuilder batches,
        List<int[]> sequences, Device device, ref int steps, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        // Each epoch reseeds from the run's seed and its own number, so a resumed run repeats it exactly.
        var random = new Random((int)((_options.Seed * 1_000_003L + epoch) & int.MaxValue));
        manual_seed(_options.Seed * 100_003L + epoch);
        var plan = PlanBatches(sequences, batches, random);
        var batchCount = plan.Count;
        var weights = BatchWeights.For(_options.BatchWeighting, plan, batches.Window);
        var total = sequences.Count;
        var seen = 0;
        var watch = Stopwatch.StartNew();
        double lossSum = 0;
        model.train();
        for (var b = 0; b < batchCount; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            seen += plan[b].Length;
            using (NoCollectionRegion.Enter())
            {
                lossSum += TrainStep(model, optimizer, lossFunction, batches, plan[b], weights[b], random, device, ref steps, (long)batchCount * _options.Epochs, (long)batchCount * BudgetPlan.HeldEpochs, epoch, b + 1);
                average?.Update(steps);
            }

            if (progress is not null && (b % ProgressEveryBatches == ProgressEveryBatches - 1 || b == batchCount - 1))
            {
                var perSecond = seen / watch.Elapsed.TotalSeconds;
                progress.Report(new TrainingProgress(epoch, _options.Epochs, b + 1, batchCount, lossSum / (b + 1), perSecond,
                    TimeSpan.FromSeconds((total - seen) / perSecond)));
            }
        }

        return (lossSum / batchCount, watch.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Shuffles the sequences and cuts them into batches. For <see cref="BatchComposition.SimilarLengths"/> the
    /// shuffled sequences are grouped into pools of many batches and each pool is sorted by length before it is cut,
    /// then the batches are shuffled: batches hold sequences of similar length (little padding to compute on) while
    /// their order and make-up stay random.
    /// </summary>
    private List<int[][]> PlanBatches(List<int[]> sequences, BatchBuilder batches, Random random)
    {
        var order = sequences.ToArray();
        random.Shuffle(order);
        if (_options.BatchComposition == BatchComposition.Random)
        {
            return [.. order.Chunk(_options.BatchSize)];
        }

        const int BatchesPerPool = 32;
        var plan = new List<int[][]>((order.Length + _options.BatchSize - 1) / _options.BatchSize);
        foreach (var pool in order.Chunk(_options.BatchSize * BatchesPerPool))
        {
            plan.AddRange(pool.OrderBy(batches.Window).Chunk(_options.BatchSize));
        }

        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(plan));
        return plan;
    }

    /// <summary>One optimisation step.</summary>
    private float TrainStep(SequenceRecommender model, AdamW optimizer, LossFunction lossFunction, BatchBuilder batches, int[][] sequences, double weight, Random random, Device device, ref int steps, long totalSteps, long holdSteps, int epoch, int batchNumber)
    {
        using var scope = NewDisposeScope();
        using var batch = batches.Build(sequences, random, device);
        var table = model.ItemTable();
        var hidden = model.Encode(batch.Inputs, table);
        var loss = lossFunction.Compute(hidden, batch.Targets, model.OutputTable(table));
        optimizer.zero_grad();
        (weight == 1 ? loss : loss * weight).backward();
        if (_options.GradientClipNorm > 0)
        {
            nn.utils.clip_grad_norm_(model.parameters(), _options.GradientClipNorm);
        }

        var value = loss.item<float>();
        steps++;
        SetLearningRate(optimizer, LearningRates.At(_options, steps, totalSteps, holdSteps));
        optimizer.step();
        InjectedFault?.Invoke(epoch, batchNumber);
        return value;
    }

    private static void SetLearningRate(AdamW optimizer, double rate)
    {
        foreach (var group in optimizer.ParamGroups)
        {
            group.LearningRate = rate;
        }
    }

    private List<int[]> TrainingSequences(DataSplit split, BatchBuilder batches)
    {
        var minimum = _options.Objective == TrainingObjective.NextItem ? 2 : 1;
        var sequences = new List<int[]>(split.Log.UserCount);
        for (var user = 1; user <= split.Log.UserCount; user++)
        {
            var items = split.GetTrainItems(user);
            if (items.Length < minimum)
            {
                continue;
            }

            if (_options.Windows == SequenceWindows.All)
            {
                sequences.AddRange(batches.Windows(items.ToArray()));
            }
            else
            {
                sequences.Add(items.ToArray());
            }
        }

        return sequences.Count > 0
            ? sequences
            : throw new InvalidOperationException($"No user has the {minimum} training interactions the {_options.Objective} objective needs.");
    }

    private List<SplitExample> ValidationExamples(DataSplit split)
    {
        var examples = split.Validation.ToList();
        if (examples.Count == 0)
        {
            throw new InvalidOperationException("The split has no validation targets to choose the model on; users need at least 3 interactions.");
        }

        if (_options.ValidationUsers > 0 && examples.Count > _options.ValidationUsers)
        {
            new Random(_options.Seed).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(examples));
            examples = examples.GetRange(0, _options.ValidationUsers);
        }

        return examples;
    }

    private void Tell(string? message)
    {
        if (message is not null)
        {
            Notice?.Invoke(message);
        }
    }
}
