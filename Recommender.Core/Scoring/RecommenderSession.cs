using System.Buffers;
using System.Runtime.ExceptionServices;
using Microsoft.ML.OnnxRuntime;
using Recommender.Bundles;
using Recommender.Data;
using Recommender.Evaluation;
using Recommender.Scoring.Approximate;

namespace Recommender.Scoring;

/// <summary>
/// Scores and recommends with a <see cref="ModelBundle"/> through ONNX Runtime: no training code, no TorchSharp.
/// Thread-safe: any number of threads may call any method at once.
/// </summary>
/// <remarks>
/// Input policies: history items the model does not know are skipped (and counted in <see cref="Counters"/>);
/// a history longer than the model reads keeps its latest items; a history with no known item gets the training
/// popularity ranking saved in the bundle (scores are then interaction counts). Candidates the model does not know
/// score negative infinity. Items are identified by the ids of the data the model was trained on.
/// </remarks>
public sealed class RecommenderSession : IDisposable
{
    private static readonly string[] ScoresOutput = [BundleGraphs.Scores];
    private static readonly string[] TopKOutputs = [BundleGraphs.TopItems, BundleGraphs.TopScores];
    private static readonly string[] TextOutput = [BundleGraphs.TextVectors];
    private static readonly string[] UserOutput = [BundleGraphs.UserVector];

    private readonly OnnxSessionFactory _factory;
    private readonly InferenceSession _scorer;
    private readonly InferenceSession _topK;
    private readonly InferenceSession? _textEncoder;
    private readonly InferenceSession? _userEncoder;
    private readonly ApproximateTopK? _approximate;
    private readonly RunOptions _run = new();
    private readonly int _batchSize;
    private readonly int _concurrentBatches;
    private readonly Lock _adding = new();
    private volatile ItemTables _tables;
    private volatile int[] _everyItem = [];
    private long _histories;
    private long _unknownItems;
    private long _truncated;
    private long _empty;
    private long _unknownCandidates;

    /// <summary>Opens a session over a loaded bundle.</summary>
    /// <exception cref="BundleFormatException">ONNX Runtime cannot load one of the bundle's graphs.</exception>
    public RecommenderSession(ModelBundle bundle, RecommenderSessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        options ??= new RecommenderSessionOptions();
        options.Validate();
        Bundle = bundle;
        _batchSize = options.BatchSize;
        _concurrentBatches = options.ConcurrentBatches;
        _tables = ItemTables.From(bundle);
        _factory = new OnnxSessionFactory(options);
        try
        {
            _scorer = Create(bundle, BundleGraphs.ScorerPart);
            _topK = Create(bundle, BundleGraphs.TopKPart);
            _textEncoder = bundle.Manifest.Model.UseText ? Create(bundle, BundleGraphs.TextEncoderPart) : null;
            (_approximate, IndexMessage) = OpenIndex(bundle, options);
            _userEncoder = _approximate is null ? null : Create(bundle, BundleGraphs.UserEncoderPart);
        }
        catch
        {
            _scorer?.Dispose();
            _topK?.Dispose();
            _textEncoder?.Dispose();
            _approximate?.Dispose();
            _run.Dispose();
            _factory.Dispose();
            throw;
        }
    }

    /// <summary>Loads the bundle at <paramref name="path"/> and opens a session over it.</summary>
    /// <exception cref="BundleFormatException">
    /// The bundle is damaged, not a bundle, or its manifest disagrees with its graphs (see <see cref="ModelBundle.Load(string)"/>),
    /// or ONNX Runtime cannot load one of its graphs.
    /// </exception>
    public static RecommenderSession Load(string path, RecommenderSessionOptions? options = null) => new(ModelBundle.Load(path), options);

    /// <summary>The bundle scored with.</summary>
    public ModelBundle Bundle { get; }

    /// <summary>Where the graphs run.</summary>
    public ExecutionProvider ExecutionProvider => _factory.Provider;

    /// <summary>Why the session runs on the CPU although CUDA was requested, or null.</summary>
    public string? FallbackMessage => _factory.FallbackMessage;

    /// <summary>How this session finds the best items: <see cref="TopKSearch.Exact"/> or <see cref="TopKSearch.Approximate"/>, as <see cref="RecommenderSessionOptions.TopKSearch"/> resolved for this bundle.</summary>
    public TopKSearch TopKSearch => _approximate is null ? TopKSearch.Exact : TopKSearch.Approximate;

    /// <summary>What happened to the approximate search's index, when worth saying: built and kept, not kept, or unavailable (the session then searches exactly); null otherwise.</summary>
    public string? IndexMessage { get; }

    /// <summary>Bytes the approximate search's index holds, or null when the session searches exactly.</summary>
    internal long? IndexMemoryBytes => _approximate?.Index.MemoryBytes;

    /// <summary>Items the session can recommend: the bundle's plus any added.</summary>
    public int ItemCount => _tables.Rows - 1;

    /// <summary>What the session has done with its input so far.</summary>
    public SessionCounters Counters => new(Interlocked.Read(ref _histories), Interlocked.Read(ref _unknownItems), Interlocked.Read(ref _truncated), Interlocked.Read(ref _empty), Interlocked.Read(ref _unknownCandidates));

    /// <summary>Whether <paramref name="itemId"/> is an item the session can score.</summary>
    public bool Contains(string itemId) => _tables.TryGetIndex(itemId, out _);

    /// <summary>The <paramref name="k"/> best items for a user with <paramref name="history"/> (oldest first), best first.</summary>
    /// <param name="history">Item ids the user interacted with, oldest first.</param>
    /// <param name="k">How many items to return at most.</param>
    /// <param name="excludeSeen">Whether items of the history are left out.</param>
    /// <param name="filter">Only items for which it returns true are recommended (e.g. in stock); null for all.</param>
    public IReadOnlyList<Recommendation> Recommend(IEnumerable<string> history, int k = 10, bool excludeSeen = true, Func<string, bool>? filter = null) =>
        RecommendBatch([history], k, excludeSeen, filter)[0];

    /// <summary>
    /// Like <see cref="Recommend"/> for many users at once: histories of similar length are batched together
    /// (<see cref="RecommenderSessionOptions.BatchSize"/> per graph run) so little time goes into padding.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<Recommendation>> RecommendBatch(IReadOnlyList<IEnumerable<string>> histories, int k = 10, bool excludeSeen = true, Func<string, bool>? filter = null)
    {
        ArgumentNullException.ThrowIfNull(histories);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var tables = _tables;
        var encoded = histories.Select(h => Encode(h, tables)).ToArray();
        var results = new IReadOnlyList<Recommendation>[histories.Count];
        foreach (var i in Enumerable.Range(0, encoded.Length).Where(i => encoded[i].Length == 0))
        {
            results[i] = FromPopularity(tables, k, filter);
        }

        ForEachBatch(LengthBatches(encoded), batch =>
        {
            if (_approximate is not null)
            {
                RecommendApproximately(batch, encoded, k, excludeSeen, filter, tables, results);
                return;
            }

            // Items seen before the window the model reads are excluded here, and a filter may drop some of the best
            // items, so ask for more; whoever is still short asks for everything.
            var windows = batch.Select(i => Window(encoded[i])).ToArray();
            var earlier = excludeSeen ? Enumerable.Range(0, batch.Length).Max(j => encoded[batch[j]].Length - windows[j].Length) : 0;
            var asked = Math.Min(tables.Rows - 1, (filter is null ? k : Math.Max(4 * k, 64)) + earlier);
            var top = TopK(windows, asked, excludeSeen, tables);
            for (var j = 0; j < batch.Length; j++)
            {
                var history = encoded[batch[j]];
                var picked = Pick(tables, top.Items.AsSpan(j * asked, asked), top.Scores.AsSpan(j * asked, asked), k, SeenBeforeWindow(history, windows[j], excludeSeen), filter);
                if (picked.Count < k && asked < tables.Rows - 1)
                {
                    picked = FromEveryItem(history, windows[j], k, excludeSeen, filter, tables);
                }

                results[batch[j]] = picked;
            }
        });

        return results;
    }

    /// <summary>Scores <paramref name="candidates"/> for a user with <paramref name="history"/> (oldest first).</summary>
    public float[] Score(IEnumerable<string> history, IReadOnlyList<string> candidates) => ScoreBatch([history], [candidates])[0];

    /// <summary>Like <see cref="Score"/> for many users at once: row i scores <paramref name="candidates"/>[i] for <paramref name="histories"/>[i].</summary>
    public IReadOnlyList<float[]> ScoreBatch(IReadOnlyList<IEnumerable<string>> histories, IReadOnlyList<IReadOnlyList<string>> candidates)
    {
        ArgumentNullException.ThrowIfNull(histories);
        ArgumentNullException.ThrowIfNull(candidates);
        if (histories.Count != candidates.Count)
        {
            throw new ArgumentException($"There are {histories.Count} histories but {candidates.Count} candidate lists; give one list per history.", nameof(candidates));
        }

        var tables = _tables;
        var encoded = histories.Select(h => Encode(h, tables)).ToArray();
        var candidateIndices = candidates.Select(c => Candidates(c, tables)).ToArray();
        var results = new float[histories.Count][];
        for (var i = 0; i < results.Length; i++)
        {
            // Without a known history the candidates are ranked by popularity; unknown candidates always rank last.
            results[i] = [.. candidateIndices[i].Select(c => c == 0 ? float.NegativeInfinity : tables.Popularity(c))];
        }

        ForEachBatch(LengthBatches(encoded, i => candidateIndices[i].Length > 0), batch =>
        {
            var width = batch.Max(i => candidateIndices[i].Length);
            var scores = RunScorer([.. batch.Select(i => Window(encoded[i]))], [.. batch.Select(i => candidateIndices[i])], tables);
            for (var j = 0; j < batch.Length; j++)
            {
                var indices = candidateIndices[batch[j]];
                var result = results[batch[j]];
                for (var c = 0; c < indices.Length; c++)
                {
                    if (indices[c] != 0)
                    {
                        result[c] = scores[j * width + c];
                    }
                }
            }
        });

        return results;
    }

    /// <summary>
    /// Makes items that were not in the training data recommendable without retraining: their vectors come from the
    /// text encoder reading their text. Needs a model with text and a tied output table.
    /// </summary>
    /// <returns>The number of items added.</returns>
    /// <exception cref="InvalidOperationException">The model has no text encoder, or scores against a separate output table.</exception>
    /// <exception cref="ArgumentException">An item's id is already known or given twice, or an item has no text the tokenizer reads.</exception>
    public int AddItems(IEnumerable<CatalogItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var model = Bundle.Manifest.Model;
        if (_textEncoder is null || Bundle.Tokenizer is null)
        {
            throw new InvalidOperationException("This model was trained without item text, so it cannot place new items; retrain with text to use AddItems.");
        }

        if (!model.TiedOutput)
        {
            throw new InvalidOperationException("This model scores against a separate output table, which has no vectors for new items; retrain with the tied output (the default) to use AddItems.");
        }

        var list = items.ToList();
        var tokens = new List<int[]>(list.Count);
        foreach (var item in list)
        {
            var encoded = Bundle.Tokenizer.Encode(item);
            if (encoded.Length == 0)
            {
                throw new ArgumentException($"Item '{item.Id}' has no text in the fields the model reads ({string.Join(", ", Bundle.Tokenizer.Options.Fields)}).", nameof(items));
            }

            tokens.Add(encoded);
        }

        if (list.Count == 0)
        {
            return 0;
        }

        var vectors = RunTextEncoder(tokens, model.TokensPerItem);
        lock (_adding)
        {
            var tables = _tables;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in list)
            {
                if (tables.TryGetIndex(item.Id, out _) || !seen.Add(item.Id))
                {
                    throw new ArgumentException($"Item '{item.Id}' is already known to the session or given twice; ids must be new and distinct.", nameof(items));
                }
            }

            _tables = tables.With([.. list.Select(i => (i.Id, i.Title))], vectors);
            _approximate?.Index.AddRows(_tables.Output, tables.Rows, list.Count);
        }

        return list.Count;
    }

    /// <summary>
    /// The session's model as a bundle with the items it knows now, those added by <see cref="AddItems"/> included: the
    /// same graphs and weights, the added items appended after the trained ones (so every trained item keeps its index
    /// and its scores), with no training popularity. Save it, and every consumer of bundles reads the added items.
    /// </summary>
    /// <param name="step">What made the new bundle, appended to the lineage in its manifest.</param>
    public ModelBundle ToBundle(BundleLineage step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var tables = _tables;
        return Bundle.WithAddedItems(tables.Added, tables.AddedVectors, step);
    }

    /// <summary>
    /// A full-catalog scorer for <see cref="FullRankingEvaluator"/> over data whose item indices come from <paramref name="items"/>
    /// (the id map of the loaded dataset). It scores the items the session knows now, added ones included; items it
    /// does not know score negative infinity.
    /// </summary>
    public IRecommenderScorer AsScorer(IdMap items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return new SessionScorer(this, _tables, items);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _scorer.Dispose();
        _topK.Dispose();
        _textEncoder?.Dispose();
        _userEncoder?.Dispose();
        _approximate?.Dispose();
        _run.Dispose();
        _factory.Dispose();
    }

    /// <summary>Whether <paramref name="options"/> ask for approximate search over <paramref name="model"/> (and it can have it).</summary>
    internal static bool SearchesApproximately(BundleModel model, RecommenderSessionOptions options) =>
        AsksForApproximate(model, options) && model.Transitions is null;

    private static bool AsksForApproximate(BundleModel model, RecommenderSessionOptions options) =>
        options.TopKSearch == TopKSearch.Approximate || (options.TopKSearch == TopKSearch.Auto && model.ItemCount >= options.Approximate.MinItems);

    /// <summary>The item index when the options and the bundle call for approximate search, or why there is none.</summary>
    private static (ApproximateTopK? Search, string? Message) OpenIndex(ModelBundle bundle, RecommenderSessionOptions options)
    {
        var model = bundle.Manifest.Model;
        if (!AsksForApproximate(model, options))
        {
            return (null, null);
        }

        if (model.Transitions is not null)
        {
            // The index proposes items by the user vector alone; items the term would lift into the top K could be missed.
            return (null, "The bundle's scores include an item-transition term, which an index of item vectors cannot search, so every item is scored (exact top-K). A model exported with --transitions off can search approximately.");
        }

        try
        {
            var threads = Math.Max(Environment.ProcessorCount, options.ConcurrentBatches);
            var (index, message) = ItemIndexFiles.Open(bundle, options.Approximate, threads);
            return (new ApproximateTopK(index, options.Approximate), message);
        }
        catch (ItemIndexException e)
        {
            return (null, $"{e.Message} The session scores every item instead (exact top-K).");
        }
    }

    /// <summary>A batch's top K through the item index; a user the index cannot serve k items is scored against every item.</summary>
    private void RecommendApproximately(int[] batch, int[][] encoded, int k, bool excludeSeen, Func<string, bool>? filter, ItemTables tables, IReadOnlyList<Recommendation>[] results)
    {
        var windows = batch.Select(i => Window(encoded[i])).ToArray();
        var users = UserVectors(windows, tables);
        for (var j = 0; j < batch.Length; j++)
        {
            var history = encoded[batch[j]];
            results[batch[j]] = _approximate!.Recommend(users.AsSpan(j * tables.Dim, tables.Dim), history, k, excludeSeen, filter, tables)
                ?? FromEveryItem(history, windows[j], k, excludeSeen, filter, tables);
        }
    }

    /// <summary>One user's best <paramref name="k"/> with every item ranked: for whoever a shorter list left short.</summary>
    private List<Recommendation> FromEveryItem(int[] history, int[] window, int k, bool excludeSeen, Func<string, bool>? filter, ItemTables tables)
    {
        var all = TopK([window], tables.Rows - 1, excludeSeen, tables);
        return Pick(tables, all.Items, all.Scores, k, SeenBeforeWindow(history, window, excludeSeen), filter);
    }

    /// <summary>
    /// The history's items when some lie before the window the model reads: the top-K graph excludes only the window's
    /// items, so these are skipped when picking; null when there are none to skip.
    /// </summary>
    private static HashSet<int>? SeenBeforeWindow(int[] history, int[] window, bool excludeSeen) =>
        excludeSeen && history.Length > window.Length ? [.. history] : null;

    private float[] UserVectors(int[][] windows, ItemTables tables)
    {
        var (packed, length) = Pack(windows);
        try
        {
            using var history = Tensor(packed, windows.Length, length);
            using var input = Tensor(tables.Input, tables.Rows, tables.Dim);
            using var outputs = _userEncoder!.Run(_run, [BundleGraphs.History, BundleGraphs.ItemTable], [history, input], UserOutput);
            return outputs[0].GetTensorDataAsSpan<float>().ToArray();
        }
        finally
        {
            ArrayPool<long>.Shared.Return(packed);
        }
    }

    /// <summary>A session over one graph of the bundle; a graph ONNX Runtime refuses is a bundle problem, named as one.</summary>
    private InferenceSession Create(ModelBundle bundle, string part)
    {
        try
        {
            return _factory.Create(bundle.Graph(part));
        }
        catch (OnnxRuntimeException e)
        {
            throw new BundleFormatException(bundle.Source, part,
                $"{bundle.Source}: ONNX Runtime cannot load {part}: {BundleFormatException.Quote(e)} The graph was damaged, or written by a newer library that uses operators this ONNX Runtime lacks; export the bundle again with this version, or update the Recommender packages.", e);
        }
    }

    /// <summary>
    /// Every item's score <c>[histories, table rows]</c> (column 0, padding, is negative infinity) for histories given as
    /// indices of <paramref name="tables"/>, row-major: the top-K graph asked for the whole catalog, so the scores are
    /// exactly those <see cref="RecommendBatch"/> ranks by, whatever the bundle adds to the model's (an item-transition term).
    /// </summary>
    internal float[] AllScores(int[][] histories, ItemTables tables)
    {
        var rows = tables.Rows;
        var all = TopK(histories, rows - 1, excludeSeen: false, tables);
        var scores = new float[histories.Length * rows];
        for (var b = 0; b < histories.Length; b++)
        {
            var row = scores.AsSpan(b * rows, rows);
            row[0] = float.NegativeInfinity;
            for (var j = 0; j < rows - 1; j++)
            {
                row[(int)all.Items[b * (rows - 1) + j]] = all.Scores[b * (rows - 1) + j];
            }
        }

        return scores;
    }

    /// <summary>
    /// Every item's score for one history of session indices (oldest first, known items only), as <see cref="Score"/>
    /// gives them: the scorer graph over the whole catalog in index order (no ranking), or the training popularity for
    /// an empty history. Element 0 (padding) is negative infinity.
    /// </summary>
    internal float[] ScoreEveryItem(int[] history)
    {
        var tables = _tables;
        var scores = new float[tables.Rows];
        scores[0] = float.NegativeInfinity;
        var window = Window(history);
        if (window.Length == 0)
        {
            for (var i = 1; i < scores.Length; i++)
            {
                scores[i] = tables.Popularity(i);
            }

            return scores;
        }

        var every = _everyItem;
        if (every.Length != tables.Rows - 1)
        {
            every = [.. Enumerable.Range(1, tables.Rows - 1)];
            _everyItem = every;
        }

        RunScorer([window], [every], tables).CopyTo(scores.AsSpan(1));
        return scores;
    }

    /// <summary>Maps a history to model indices, skipping (and counting) unknown items; see <see cref="Window"/> for what the model reads.</summary>
    private int[] Encode(IEnumerable<string> history, ItemTables tables)
    {
        ArgumentNullException.ThrowIfNull(history);
        var indices = new List<int>();
        var unknown = 0;
        foreach (var id in history)
        {
            if (id is not null && tables.TryGetIndex(id, out var index))
            {
                indices.Add(index);
            }
            else
            {
                unknown++;
            }
        }

        Interlocked.Increment(ref _histories);
        Interlocked.Add(ref _unknownItems, unknown);
        if (indices.Count > Bundle.Manifest.Model.MaxHistory)
        {
            Interlocked.Increment(ref _truncated);
        }

        if (indices.Count == 0)
        {
            Interlocked.Increment(ref _empty);
        }

        return [.. indices];
    }

    /// <summary>The rows with a known history (and passing <paramref name="include"/>), in batches of similar window length.</summary>
    private IEnumerable<int[]> LengthBatches(int[][] encoded, Func<int, bool>? include = null) =>
        Enumerable.Range(0, encoded.Length)
            .Where(i => encoded[i].Length > 0 && (include is null || include(i)))
            .OrderBy(i => Window(encoded[i]).Length)
            .Chunk(_batchSize);

    /// <summary>Runs <paramref name="score"/> on every batch, <see cref="RecommenderSessionOptions.ConcurrentBatches"/> at a time.</summary>
    private void ForEachBatch(IEnumerable<int[]> batches, Action<int[]> score)
    {
        if (_concurrentBatches == 1)
        {
            foreach (var batch in batches)
            {
                score(batch);
            }

            return;
        }

        try
        {
            Parallel.ForEach(batches, new ParallelOptions { MaxDegreeOfParallelism = _concurrentBatches }, score);
        }
        catch (AggregateException error)
        {
            // Callers see what a batch threw, as they do when batches run one at a time and the first failure ends the call.
            ExceptionDispatchInfo.Throw(error.InnerExceptions[0]);
        }
    }

    /// <summary>The latest items of a history, as many as the model reads.</summary>
    internal int[] Window(int[] history) => Bundle.Manifest.Model.Window(history);

    private int[] Candidates(IReadOnlyList<string> candidates, ItemTables tables)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var indices = new int[candidates.Count];
        for (var i = 0; i < indices.Length; i++)
        {
            if (candidates[i] is null || !tables.TryGetIndex(candidates[i], out indices[i]))
            {
                Interlocked.Increment(ref _unknownCandidates);
            }
        }

        return indices;
    }

    private (long[] Items, float[] Scores) TopK(int[][] histories, int k, bool excludeSeen, ItemTables tables)
    {
        var (packed, length) = Pack(histories);
        try
        {
            using var history = Tensor(packed, histories.Length, length);
            using var input = Tensor(tables.Input, tables.Rows, tables.Dim);
            using var output = Tensor(tables.Output, tables.Rows, tables.Dim);
            using var kValue = OrtValue.CreateTensorValueFromMemory(new long[] { k }, [1]);
            using var exclude = OrtValue.CreateTensorValueFromMemory(new[] { excludeSeen }, [1]);
            using var outputs = _topK.Run(_run, [BundleGraphs.History, BundleGraphs.ItemTable, BundleGraphs.OutputTable, BundleGraphs.K, BundleGraphs.ExcludeSeen],
                [history, input, output, kValue, exclude], TopKOutputs);
            return (outputs[0].GetTensorDataAsSpan<long>().ToArray(), outputs[1].GetTensorDataAsSpan<float>().ToArray());
        }
        finally
        {
            ArrayPool<long>.Shared.Return(packed);
        }
    }

    private float[] RunScorer(int[][] histories, int[][] candidates, ItemTables tables)
    {
        var (packed, length) = Pack(histories);
        var width = candidates.Max(c => c.Length);
        var candidateBuffer = ArrayPool<long>.Shared.Rent(candidates.Length * width);
        try
        {
            Array.Clear(candidateBuffer, 0, candidates.Length * width);
            for (var b = 0; b < candidates.Length; b++)
            {
                for (var c = 0; c < candidates[b].Length; c++)
                {
                    candidateBuffer[b * width + c] = candidates[b][c];
                }
            }

            using var history = Tensor(packed, histories.Length, length);
            using var candidateValue = Tensor(candidateBuffer, candidates.Length, width);
            using var input = Tensor(tables.Input, tables.Rows, tables.Dim);
            using var output = Tensor(tables.Output, tables.Rows, tables.Dim);
            using var outputs = _scorer.Run(_run, [BundleGraphs.History, BundleGraphs.Candidates, BundleGraphs.ItemTable, BundleGraphs.OutputTable],
                [history, candidateValue, input, output], ScoresOutput);
            return outputs[0].GetTensorDataAsSpan<float>().ToArray();
        }
        finally
        {
            ArrayPool<long>.Shared.Return(packed);
            ArrayPool<long>.Shared.Return(candidateBuffer);
        }
    }

    private float[] RunTextEncoder(List<int[]> tokens, int width)
    {
        var packed = new long[tokens.Count * width];
        for (var i = 0; i < tokens.Count; i++)
        {
            for (var t = 0; t < Math.Min(width, tokens[i].Length); t++)
            {
                packed[i * width + t] = tokens[i][t];
            }
        }

        using var value = OrtValue.CreateTensorValueFromMemory(packed, [tokens.Count, width]);
        using var outputs = _textEncoder!.Run(_run, [BundleGraphs.Tokens], [value], TextOutput);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <summary>Left-pads histories into a pooled buffer <c>[histories, longest]</c>: the latest item is always in the last column.</summary>
    private static (long[] Buffer, int Length) Pack(int[][] histories)
    {
        var length = Math.Max(1, histories.Max(h => h.Length));
        var buffer = ArrayPool<long>.Shared.Rent(histories.Length * length);
        Array.Clear(buffer, 0, histories.Length * length);
        for (var b = 0; b < histories.Length; b++)
        {
            var history = histories[b];
            var offset = (b + 1) * length - history.Length;
            for (var i = 0; i < history.Length; i++)
            {
                buffer[offset + i] = history[i];
            }
        }

        return (buffer, length);
    }

    private static OrtValue Tensor<T>(T[] buffer, int rows, int columns) where T : unmanaged =>
        OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, buffer.AsMemory(0, rows * columns), [rows, columns]);

    private static List<Recommendation> Pick(ItemTables tables, ReadOnlySpan<long> items, ReadOnlySpan<float> scores, int k, HashSet<int>? skip, Func<string, bool>? filter)
    {
        var picked = new List<Recommendation>(k);
        for (var i = 0; i < items.Length && picked.Count < k; i++)
        {
            if (float.IsNegativeInfinity(scores[i]))
            {
                break;
            }

            var id = tables.Id(items[i]);
            if (skip?.Contains((int)items[i]) != true && (filter is null || filter(id)))
            {
                picked.Add(new Recommendation(id, scores[i], tables.Title(items[i])));
            }
        }

        return picked;
    }

    private static List<Recommendation> FromPopularity(ItemTables tables, int k, Func<string, bool>? filter)
    {
        var picked = new List<Recommendation>(k);
        foreach (var index in tables.PopularityOrder)
        {
            if (picked.Count == k)
            {
                break;
            }

            var id = tables.Id(index);
            if (filter is null || filter(id))
            {
                picked.Add(new Recommendation(id, tables.Popularity(index), tables.Title(index)));
            }
        }

        return picked;
    }
}
