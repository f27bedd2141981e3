using System.Globalization;
using Microsoft.ML;
using Recommender.Splitting;
using Recommender.Training.Blending;
using Recommender.Training.Export;
using Recommender.Training.Native;
using Recommender.Training.Planning;
using Recommender.Training.Training;

namespace Recommender.MLNet.Training;

/// <summary>
/// Trains an attention-based sequential recommender with TorchSharp on an <see cref="IDataView"/> of interactions
/// (one row per user and item, with an optional time and optional item text) and returns the scoring stage of the
/// trained bundle. Create it with <see cref="SequenceRecommenderCatalog.Trainer(Options)"/>.
/// </summary>
/// <remarks>
/// <para>Training is what <c>recommender train</c> does with its defaults: leave-one-out by time (each user's last
/// interaction is held out for testing, the one before it for validation), settings chosen from the data, the
/// item-transition term added when it helps on validation. Progress, the settings chosen and the result go to
/// <c>mlContext.Log</c>.</para>
/// <para>The transformer returned scores another schema than the one trained on: a history column (a vector of item
/// ids, oldest first, of the item column's type) and a candidate column (one id, or a vector of ids with
/// <see cref="Options.CandidateList"/>), as <see cref="RecommenderScoringEstimator"/> does for the bundle written to
/// <see cref="Options.BundlePath"/>. Saved with <c>mlContext.Model.Save</c>, it loads where only Microsoft.ML,
/// Microsoft.ML.OnnxTransformer and Recommender.MLNet are referenced, without TorchSharp.</para>
/// </remarks>
public sealed class RecommenderTrainingEstimator : IEstimator<RecommenderScoringTransformer>
{
    private readonly SequenceRecommenderCatalog _catalog;
    private readonly Options _options;

    internal RecommenderTrainingEstimator(SequenceRecommenderCatalog catalog, Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _catalog = catalog;
        _options = options;
    }

    /// <summary>
    /// Checks the interaction columns and gives the schema of what the returned transformer makes: the scoring input
    /// (history and candidate columns of the item column's id type) with the score column.
    /// </summary>
    /// <exception cref="ArgumentException">A column is missing or has a type the trainer cannot read; the message names it.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var textIds = InteractionColumns.Check(inputSchema, _options);
        return ScoringInput.Shape(_catalog.Context, inputSchema, textIds, _options);
    }

    /// <summary>Trains on <paramref name="input"/>, writes the bundle to <see cref="Options.BundlePath"/> and returns its scoring stage.</summary>
    /// <exception cref="ArgumentException">A column is missing or has a type the trainer cannot read; the message names it.</exception>
    /// <exception cref="InvalidDataException">No row can be trained on (every row lacks an id, or no user has enough interactions).</exception>
    public RecommenderScoringTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var columns = InteractionColumns.Find(input.Schema, _options);
        TorchSharpRuntime.EnsureLoadable();
        using var channel = _catalog.Environment.Start("Recommender training");
        var (log, catalog) = columns.Read(input, channel);
        var split = LeaveOneOutSplitter.Split(log);
        var plan = TrainingConfigurator.Configure(DataProfile.Of(split, catalog), epochsKnown: _options.Epochs is not null || _options.TimeBudget is not null);
        var model = plan.Model;
        var training = plan.Training with
        {
            Epochs = _options.Epochs ?? plan.Training.Epochs,
            TimeBudget = _options.TimeBudget,
            Seed = _options.Seed,
            Device = _options.Device,
        };
        model.Validate();
        training.Validate();
        foreach (var choice in plan.Choices)
        {
            channel.Info($"{choice.Setting} {choice.Value}: {choice.Reason}");
        }

        channel.Info(string.Create(CultureInfo.InvariantCulture, $"training on {split.TrainInteractionCount:N0} interactions of {log.UserCount:N0} users and {log.ItemCount:N0} items; {split.Report.Protocol}"));
        var trainer = new SequenceTrainer(training, model);
        trainer.Notice += message => channel.Warning(message);
        using var trained = trainer.Train(split, catalog, epochDone: report => channel.Info(TrainingMessages.Epoch(report, training.Epochs)));
        var best = trained.History.First(r => r.Epoch == trained.BestEpoch);
        channel.Info(string.Create(CultureInfo.InvariantCulture, $"best epoch {trained.BestEpoch}: validation NDCG@10 {best.ValidationNdcg10:F4}, HR@10 {best.ValidationHr10:F4} (full ranking, seen items excluded)"));
        TransitionBlend? term = null;
        if (plan.Transitions)
        {
            term = TransitionBlend.Fit(trained.CreateScorer(), split);
            channel.Info(term.Describe());
        }

        BundleExporter.Export(trained, split, catalog, configuration: plan.Choices, transitions: term).Save(_options.BundlePath);
        channel.Info($"bundle: {_options.BundlePath}");
        var scoring = _catalog.Context.Transforms.ScoreWithRecommender(new RecommenderScoringEstimator.Options
        {
            BundlePath = _options.BundlePath,
            HistoryColumnName = _options.HistoryColumnName,
            CandidateColumnName = _options.CandidateColumnName,
            OutputColumnName = _options.OutputColumnName,
        });
        return scoring.Fit(ScoringInput.Empty(_catalog.Context, columns.TextIds, _options));
    }

    /// <summary>Options of <see cref="RecommenderTrainingEstimator"/>; defaults in <see cref="Defaults"/>.</summary>
    public sealed class Options
    {
        /// <summary>Where the trained bundle (<c>.recbundle</c>) is written; the scoring stage reads it. Required.</summary>
        public string BundlePath { get; set; } = string.Empty;

        /// <summary>The user id column: String, Int64 or Int32. Default <see cref="Defaults.UserColumnName"/>.</summary>
        public string UserColumnName { get; set; } = Defaults.UserColumnName;

        /// <summary>The item id column: String or Int64 (the id type the scoring stage then takes), or Int32. Default <see cref="Defaults.ItemColumnName"/>.</summary>
        public string ItemColumnName { get; set; } = Defaults.ItemColumnName;

        /// <summary>
        /// The time of each interaction (Int64, Int32, Double, Single, DateTime or DateTimeOffset; numbers in any
        /// increasing unit), or null (the default) when the rows of each user are in time order.
        /// </summary>
        public string? TimestampColumnName { get; set; }

        /// <summary>An item text column (String) read as the item's title, or null (the default) for none.</summary>
        public string? TitleColumnName { get; set; }

        /// <summary>An item text column (String) read as the item's genres, or null (the default) for none.</summary>
        public string? GenresColumnName { get; set; }

        /// <summary>An item text column (String) read as the item's description, or null (the default) for none.</summary>
        public string? DescriptionColumnName { get; set; }

        /// <summary>Epochs to train, or null (the default) for the number the data's rules choose (or the budget plans).</summary>
        public int? Epochs { get; set; }

        /// <summary>Time for the whole training, planned to (epochs and schedule), or null (the default) for none.</summary>
        public TimeSpan? TimeBudget { get; set; }

        /// <summary>Seed of everything random in training. Default <see cref="Defaults.Seed"/>.</summary>
        public int Seed { get; set; } = Defaults.Seed;

        /// <summary>Where to train: CPU, CUDA (falls back to the CPU with a message in the log) or the best available. Default <see cref="Defaults.Device"/>.</summary>
        public ComputeDevice Device { get; set; } = Defaults.Device;

        /// <summary>The history column the returned stage scores: a vector of item ids, oldest first. Default <see cref="Defaults.HistoryColumnName"/>.</summary>
        public string HistoryColumnName { get; set; } = Defaults.HistoryColumnName;

        /// <summary>The candidate column the returned stage scores. Default <see cref="Defaults.CandidateColumnName"/>.</summary>
        public string CandidateColumnName { get; set; } = Defaults.CandidateColumnName;

        /// <summary>The score column the returned stage makes. Default <see cref="Defaults.OutputColumnName"/>.</summary>
        public string OutputColumnName { get; set; } = Defaults.OutputColumnName;

        /// <summary>Whether the returned stage takes a vector of candidates per row (and gives a vector of scores) rather than one. Default false.</summary>
        public bool CandidateList { get; set; }

        internal void Validate()
        {
            if (string.IsNullOrWhiteSpace(BundlePath))
            {
                throw new ArgumentException("Give the path to write the trained bundle to (Options.BundlePath).", nameof(BundlePath));
            }

            foreach (var (name, value) in new[]
            {
                (nameof(UserColumnName), UserColumnName), (nameof(ItemColumnName), ItemColumnName), (nameof(HistoryColumnName), HistoryColumnName),
                (nameof(CandidateColumnName), CandidateColumnName), (nameof(OutputColumnName), OutputColumnName),
            })
            {
                if (string.IsNullOrWhiteSpace(value))
                {
                    throw new ArgumentException($"{name} is empty; name a column.", name);
                }
            }

            if (Epochs is < 1)
            {
                throw new ArgumentException($"Epochs must be at least 1 (or null for the data's rules); got {Epochs}.", nameof(Epochs));
            }

            if (TimeBudget is { } budget && budget <= TimeSpan.Zero)
            {
                throw new ArgumentException($"TimeBudget must be positive (or null for none); got {budget}.", nameof(TimeBudget));
            }
        }

        /// <summary>The defaults of <see cref="Options"/>, in one place.</summary>
        public static class Defaults
        {
            /// <summary>The user id column.</summary>
            public const string UserColumnName = "UserId";

            /// <summary>The item id column.</summary>
            public const string ItemColumnName = "ItemId";

            /// <summary>The seed of training.</summary>
            public const int Seed = 42;

            /// <summary>Train on the CPU: CUDA is opt-in.</summary>
            public const ComputeDevice Device = ComputeDevice.Cpu;

            /// <summary>The history column of the returned stage.</summary>
            public const string HistoryColumnName = "History";

            /// <summary>The candidate column of the returned stage.</summary>
            public const string CandidateColumnName = "CandidateItem";

            /// <summary>The score column of the returned stage.</summary>
            public const string OutputColumnName = "Score";
        }
    }
}
