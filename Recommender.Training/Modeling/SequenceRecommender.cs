using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Recommender.Training.Modeling;

/// <summary>
/// The SASRec-style sequential recommender: item vectors (id ⊕ text), learned positions, a stack of multi-head
/// self-attention blocks over the user's item sequence, and scores as dot products of a position's hidden state
/// with item vectors. Histories are batch-first and left-padded with 0; the last position is the most recent item.
/// </summary>
public sealed class SequenceRecommender : nn.Module<Tensor, Tensor>
{
    private readonly ItemEmbedding items;
    private readonly Embedding positions;
    private readonly ModuleList<TransformerBlock> blocks;
    private readonly LayerNorm norm;
    private readonly FastDropout dropout;
    private readonly Embedding? output_items;
    private readonly double _inputScale;

    /// <summary>Creates an untrained model.</summary>
    /// <param name="options">The model's shape.</param>
    /// <param name="itemCount">Items, indexed 1..itemCount; 0 is padding.</param>
    /// <param name="itemTokens">
    /// With text: the token ids of items 0..itemCount, <c>[itemCount + 1, tokens]</c>, 0-padded (row 0 is padding);
    /// <see langword="null"/> without text.
    /// </param>
    /// <param name="vocabularySize">The text vocabulary's size (ignored without text).</param>
    public SequenceRecommender(SequenceModelOptions options, int itemCount, long[,]? itemTokens = null, int vocabularySize = 0)
        : base("sequence_recommender")
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(itemCount, 1);
        if (options.UseText && (itemTokens is null || itemTokens.GetLength(0) != itemCount + 1 || vocabularySize < 3))
        {
            throw new ArgumentException($"With text on, item tokens must have {itemCount + 1} rows (item 0 is padding) and the vocabulary at least 3 tokens.", nameof(itemTokens));
        }

        Options = options;
        ItemCount = itemCount;
        Tensor? tokens = null;
        if (options.UseText)
        {
            // One more row for [MASK], which has no text.
            var padded = new long[itemCount + 2, itemTokens!.GetLength(1)];
            Array.Copy(itemTokens, padded, itemTokens.Length);
            tokens = tensor(padded);
        }

        items = new ItemEmbedding("items", MaskToken + 1, options.Dim, tokens, vocabularySize, options);
        positions = nn.Embedding(options.MaxLength, options.Dim);
        nn.init.normal_(positions.weight!, std: 0.02);
        blocks = nn.ModuleList([.. Enumerable.Range(0, options.Layers).Select(i => new TransformerBlock($"block{i}", options.Dim, options.Heads, options.EffectiveFeedForwardDim, options.Dropout, options.AttentionDropout, options.BlockLayout))]);
        norm = nn.LayerNorm(options.Dim, eps: TransformerBlock.LayerNormEpsilon);
        dropout = new FastDropout("dropout", options.Dropout);
        if (!options.TiedOutput)
        {
            output_items = nn.Embedding(MaskToken + 1, options.Dim);
            nn.init.normal_(output_items.weight!, std: 0.02);
        }

        _inputScale = Math.Sqrt(options.Dim);
        RegisterComponents();
    }

    /// <summary>The model's shape.</summary>
    public SequenceModelOptions Options { get; }

    /// <summary>The number of items (indices 1..ItemCount).</summary>
    public int ItemCount { get; }

    /// <summary>The index of the [MASK] token of the masked-item objective: one past the last item.</summary>
    public int MaskToken => ItemCount + 1;

    /// <summary>The input item table <c>[ItemCount + 2, Dim]</c>: padding, items, [MASK]. With text it is recomputed on every call.</summary>
    public Tensor ItemTable() => items.Table();

    /// <summary>The table scores are computed against, given the input table from <see cref="ItemTable"/>.</summary>
    public Tensor OutputTable(Tensor inputTable) => output_items?.weight ?? inputTable;

    /// <summary>Hidden states <c>[batch, length, Dim]</c> for left-padded histories <c>[batch, length]</c>, length ≤ MaxLength.</summary>
    public override Tensor forward(Tensor history)
    {
        using var table = ItemTable();
        return Encode(history, table);
    }

    /// <summary>Like <see cref="forward"/>, reusing an item table computed once per step.</summary>
    public Tensor Encode(Tensor history, Tensor table)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(table);
        var length = history.shape[1];
        if (length > Options.MaxLength)
        {
            throw new ArgumentException($"Histories are {length} long; this model reads at most {Options.MaxLength}. Keep the latest items.", nameof(history));
        }

        using var scope = NewDisposeScope();
        var valid = history.ne(0);
        var x = Embed(history, table);
        x = dropout.forward(x) * valid.unsqueeze(-1).to_type(x.dtype);
        var mask = AttentionMasks.Build(valid, Options.Causal);
        foreach (var block in blocks)
        {
            x = block.forward(x, mask);
        }

        return norm.forward(x).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The attention weights of every block for left-padded histories: one tensor <c>[batch, heads, length, length]</c> per block.
    /// Evaluation mode only (no dropout).
    /// </summary>
    public IReadOnlyList<Tensor> AttentionWeights(Tensor history)
    {
        ArgumentNullException.ThrowIfNull(history);
        using var scope = NewDisposeScope();
        using var table = ItemTable();
        var valid = history.ne(0);
        var x = Embed(history, table);
        x = x * valid.unsqueeze(-1).to_type(x.dtype);
        var mask = AttentionMasks.Build(valid, Options.Causal);
        var weights = new List<Tensor>(blocks.Count);
        foreach (var block in blocks)
        {
            weights.Add(block.AttentionWeights(x, mask).MoveToOuterDisposeScope());
            x = block.forward(x, mask);
        }

        return weights;
    }

    /// <summary>
    /// The blocks' input before dropout and padding masks: scaled item vectors plus learned positions, counted as
    /// <see cref="SequenceModelOptions.Positions"/> says. Counted from the latest item, the last position is always
    /// MaxLength - 1; counted from the first, a left-padded row's first item is position 0 wherever it sits.
    /// </summary>
    private Tensor Embed(Tensor history, Tensor table)
    {
        using var scope = NewDisposeScope();
        var length = history.shape[1];
        var items = table.index_select(0, history.flatten()).view(history.shape[0], length, -1) * _inputScale;
        var indices = Options.Positions == PositionOrigin.FirstItem
            ? (history.ne(0).cumsum(1, int64) - 1).clamp_min(0)
            : arange(Options.MaxLength - length, Options.MaxLength, device: history.device);
        return (items + positions.forward(indices)).MoveToOuterDisposeScope();
    }

    /// <summary>The weights (and buffers) as bytes, to keep the best epoch's or write a checkpoint.</summary>
    public byte[] Snapshot()
    {
        using var memory = new MemoryStream();
        save(memory);
        return memory.ToArray();
    }

    /// <summary>Replaces the weights with a <see cref="Snapshot"/> of a model of the same shape.</summary>
    public void Restore(byte[] snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        using var memory = new MemoryStream(snapshot);
        load(memory);
    }
}
