using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using Recommender.Bundles;
using Recommender.MLNet.PerCandidate;
using Recommender.Scoring;

namespace Recommender.MLNet;

/// <summary>
/// Scores candidate items for each row's user with a recommender bundle. Nothing is learned from the data:
/// <see cref="Fit"/> checks the input columns and returns the transformer. Create it with
/// <see cref="RecommenderCatalog.ScoreWithRecommender(TransformsCatalog, string, string, string, string)"/>.
/// </summary>
/// <remarks>
/// <para>Input: a history column (a vector of item ids, oldest first) and a candidate column of the same id type
/// (Int64 or String): one item id per row gives a scalar Single score; a vector of item ids gives a vector of scores,
/// one per candidate, for re-ranking a list with one model run per row.</para>
/// <para>Scores are those of <see cref="Scoring.RecommenderSession.Score"/>: history items the model does not know
/// are skipped, the latest items of a long history are read, a history with no known item scores candidates by
/// training popularity, and an unknown candidate scores negative infinity.</para>
/// <para>One candidate per row (ML.NET's ranking layout, rows grouped by user): a history is scored against the whole
/// catalog once, and the rows that follow with the same history reuse those scores, so a group of rows costs one model
/// run. Each thread keeps its own last history, so cursors and prediction engines on several threads are safe; rows
/// not grouped by user still score correctly, each history change costing a run. This form scores on the CPU
/// (<see cref="Options.GpuDeviceId"/> applies to candidate lists), and the saved pipeline carries the whole bundle.</para>
/// <para>The transformer is built from ML.NET's own value mapping, ONNX scoring and column transforms (the bundle's
/// graphs and id map, or the bundle itself, are saved inside the model), plus small custom mappings: an
/// application that loads a saved pipeline needs Microsoft.ML, Microsoft.ML.OnnxTransformer, ONNX Runtime and this
/// assembly, and calls <see cref="RecommenderCatalog.RegisterRecommender"/> before loading.</para>
/// </remarks>
public sealed class RecommenderScoringEstimator : IEstimator<RecommenderScoringTransformer>
{
    private readonly TransformsCatalog _catalog;
    private readonly Options _options;
    private readonly ModelBundle _bundle;
    private readonly int? _gpuDeviceId;
    private readonly Lazy<string> _bundleText;
    private readonly Lazy<byte[]> _listGraph;
    private readonly Lazy<KeyValuePair<string, long>[]> _textIds;
    private readonly Lazy<KeyValuePair<long, long>[]> _int64Ids;

    internal RecommenderScoringEstimator(TransformsCatalog catalog, Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _catalog = catalog;
        _options = options;
        _bundle = ModelBundle.Load(options.BundlePath);
        _gpuDeviceId = CheckGpu(options, out var fallback);
        FallbackMessage = fallback;
        _bundleText = new(() => EmbeddedBundle.Encode(options.BundlePath));
        _listGraph = new(() => RowScoringGraph.Build(_bundle, candidateList: true));
        _textIds = new(() => ItemIdLookup.Text(_bundle.Items));
        _int64Ids = new(() => ItemIdLookup.Int64(_bundle.Items, options.BundlePath));
    }

    /// <summary>The bundle the stage scores with.</summary>
    public ModelBundle Bundle => _bundle;

    /// <summary>Why the stage scores on the CPU although <see cref="Options.GpuDeviceId"/> asked for CUDA, or null.</summary>
    public string? FallbackMessage { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A column is missing or has the wrong type; the message names it and the type expected.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return Stages(StageInput.Read(inputSchema, _options)).GetOutputSchema(inputSchema);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A column is missing or has the wrong type; the message names it and the type expected.</exception>
    public RecommenderScoringTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var stages = Stages(StageInput.Read(input.Schema, _options));
        return new RecommenderScoringTransformer(stages.Fit(input));
    }

    private EstimatorChain<ColumnSelectingTransformer> Stages(StageInput input)
    {
        if (!input.CandidateList)
        {
            return PerCandidateStages(input);
        }

        var graph = _listGraph.Value;
        var chain = new EstimatorChain<ITransformer>()
            .Append(MapIds(input, StageColumns.HistoryIndices, _options.HistoryColumnName))
            .Append(MapIds(input, StageColumns.CandidateIndices, _options.CandidateColumnName))
            .Append(_catalog.ApplyOnnxModel([StageColumns.Scores], [StageColumns.HistoryIndices, StageColumns.CandidateIndices], new MemoryStream(graph, writable: false), _gpuDeviceId, fallbackToCpu: false));
        return chain
            .Append(_catalog.CopyColumns(_options.OutputColumnName, StageColumns.Scores))
            .Append(_catalog.DropColumns([StageColumns.HistoryIndices, StageColumns.CandidateIndices, StageColumns.Scores]));
    }

    /// <summary>
    /// One candidate per row: the history is scored against the whole catalog once and the scores are reused while
    /// the following rows repeat it (rows grouped by user, ML.NET's ranking layout), so a row costs a lookup rather
    /// than a model run. The bundle travels inside the pipeline as the value of a one-entry value mapping.
    /// </summary>
    private EstimatorChain<ColumnSelectingTransformer> PerCandidateStages(StageInput input)
    {
        if (!input.TextIds)
        {
            // A bundle whose ids are not all distinct integers is refused here, as for candidate lists, not at the first row.
            _ = _int64Ids.Value;
        }

        var chain = new EstimatorChain<ITransformer>()
            .Append(_catalog.CopyColumns(StageColumns.History, _options.HistoryColumnName))
            .Append(_catalog.CopyColumns(StageColumns.Candidate, _options.CandidateColumnName))
            .Append(_catalog.CustomMapping<BundleKeyMapping.Nothing, BundleKeyMapping.Key>(BundleKeyMapping.Map, BundleKeyMapping.ContractName))
            .Append(_catalog.Conversion.MapValue(StageColumns.Bundle, [new KeyValuePair<int, string>(BundleKeyMapping.Value, _bundleText.Value)], StageColumns.BundleKey));
        IEstimator<ITransformer> score = input.TextIds
            ? _catalog.CustomMapping<TextCandidateScoreMapping.Row, CandidateScore>(TextCandidateScoreMapping.Map, TextCandidateScoreMapping.ContractName)
            : _catalog.CustomMapping<Int64CandidateScoreMapping.Row, CandidateScore>(Int64CandidateScoreMapping.Map, Int64CandidateScoreMapping.ContractName);
        return chain.Append(score)
            .Append(_catalog.CopyColumns(_options.OutputColumnName, StageColumns.ScalarScore))
            .Append(_catalog.DropColumns([StageColumns.History, StageColumns.Candidate, StageColumns.BundleKey, StageColumns.Bundle, StageColumns.ScalarScore]));
    }

    /// <summary>
    /// Checks up front whether CUDA can be used, because ML.NET falls back without a word; a model saved after a
    /// fallback is a CPU model.
    /// </summary>
    private static int? CheckGpu(Options options, out string? fallbackMessage)
    {
        fallbackMessage = null;
        if (options.GpuDeviceId is not { } device)
        {
            return null;
        }

        var problem = OnnxSessionFactory.CudaProblem(device);
        if (problem is null)
        {
            return device;
        }

        fallbackMessage = options.FallbackToCpu
            ? $"{problem} Scoring on the CPU."
            : throw new InvalidOperationException($"{problem} FallbackToCpu is off, so the stage was not made.");
        return null;
    }

    // Unknown ids map to 0, the padding index, which the graph skips in a history and scores -inf as a candidate.
    private IEstimator<ITransformer> MapIds(StageInput input, string output, string column) => input.TextIds
        ? _catalog.Conversion.MapValue(output, _textIds.Value, column)
        : _catalog.Conversion.MapValue(output, _int64Ids.Value, column);

    /// <summary>Options of <see cref="RecommenderScoringEstimator"/>.</summary>
    public sealed class Options
    {
        /// <summary>The <c>.recbundle</c> file to score with. Required.</summary>
        public string BundlePath { get; set; } = string.Empty;

        /// <summary>The column with each row's history: a vector of Int64 or String item ids, oldest first. Default <c>History</c>.</summary>
        public string HistoryColumnName { get; set; } = "History";

        /// <summary>The column with the item to score (scalar) or the items to score (vector), of the history's id type. Default <c>CandidateItem</c>.</summary>
        public string CandidateColumnName { get; set; } = "CandidateItem";

        /// <summary>The score column made: Single for a scalar candidate column, a vector of Single for a vector one. Default <c>Score</c>.</summary>
        public string OutputColumnName { get; set; } = "Score";

        /// <summary>The CUDA device to score on, or null (the default) for the CPU.</summary>
        public int? GpuDeviceId { get; set; }

        /// <summary>
        /// Whether to score on the CPU (saying why in <see cref="FallbackMessage"/>) when <see cref="GpuDeviceId"/> is
        /// set but CUDA cannot be used; when false, making the stage fails instead. Default true.
        /// </summary>
        public bool FallbackToCpu { get; set; } = true;

        internal void Validate()
        {
            if (string.IsNullOrWhiteSpace(BundlePath))
            {
                throw new ArgumentException("Give the path of the .recbundle file to score with (Options.BundlePath).", nameof(BundlePath));
            }

            foreach (var (name, value) in new[] { (nameof(HistoryColumnName), HistoryColumnName), (nameof(CandidateColumnName), CandidateColumnName), (nameof(OutputColumnName), OutputColumnName) })
            {
                if (string.IsNullOrWhiteSpace(value))
                {
                    throw new ArgumentException($"{name} is empty; name a column.", name);
                }
            }
        }
    }
}
