using static Recommender.Training.OptionChecks;

namespace Recommender.Training.Modeling;

/// <summary>The shape of a <see cref="SequenceRecommender"/>. Defaults follow SASRec's published MovieLens-1M setup.</summary>
public sealed record SequenceModelOptions
{
    /// <summary>Model width: item vectors, hidden states and user vectors. Default 64.</summary>
    public int Dim { get; init; } = 64;

    /// <summary>Self-attention blocks over the item sequence. Default 2.</summary>
    public int Layers { get; init; } = 2;

    /// <summary>Attention heads per block; must divide <see cref="Dim"/>. Default 1.</summary>
    public int Heads { get; init; } = 1;

    /// <summary>Width of the position-wise feed-forward layer. Default 0, meaning <see cref="Dim"/> (as in SASRec).</summary>
    public int FeedForwardDim { get; init; }

    /// <summary>The longest history the model reads; longer histories keep their latest items. Default 200.</summary>
    public int MaxLength { get; init; } = 200;

    /// <summary>Dropout on embeddings, residual branches and inside the feed-forward layers. Default 0.2.</summary>
    public double Dropout { get; init; } = 0.2;

    /// <summary>
    /// Dropout on the attention weights of the history's blocks. Default 0: on the CPU it slows training down
    /// (benchmarks/RESULTS.md says by how much and what it does to quality).
    /// </summary>
    public double AttentionDropout { get; init; }

    /// <summary>Where the history blocks' LayerNorms sit. Default <see cref="BlockLayout.PreNorm"/>.</summary>
    public BlockLayout BlockLayout { get; init; } = BlockLayout.PreNorm;

    /// <summary>
    /// Where learned positions start counting. Default <see cref="PositionOrigin.FirstItem"/>, which trains better on
    /// MovieLens 1M (benchmarks/RESULTS.md).
    /// </summary>
    public PositionOrigin Positions { get; init; } = PositionOrigin.FirstItem;

    /// <summary>Whether item vectors include the text encoder's reading of item text. Default true.</summary>
    public bool UseText { get; init; } = true;

    /// <summary>Self-attention blocks of the item text encoder. Default 1.</summary>
    public int TextLayers { get; init; } = 1;

    /// <summary>Attention heads of the item text encoder; must divide <see cref="Dim"/>. Default 2.</summary>
    public int TextHeads { get; init; } = 2;

    /// <summary>
    /// Probability, per training step and item, of hiding the item's id embedding so its vector comes from text alone;
    /// this is what lets items added after training be scored from their text. Default 0.1 (ignored without text).
    /// </summary>
    public double IdDropout { get; init; } = 0.1;

    /// <summary>Score with the input item table (tied, default) or a separate output table.</summary>
    public bool TiedOutput { get; init; } = true;

    /// <summary>Attention sees only earlier positions (next-item objective) or the whole sequence (masked-item objective).</summary>
    public bool Causal { get; init; } = true;

    /// <summary>The feed-forward width in effect.</summary>
    public int EffectiveFeedForwardDim => FeedForwardDim > 0 ? FeedForwardDim : Dim;

    /// <summary>Checks the options, naming the first one that is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        Require(Dim is >= 8 and <= 4096, $"{nameof(SequenceModelOptions)}.{nameof(Dim)}", Dim, "from 8 to 4096");
        Require(Layers is >= 1 and <= 24, $"{nameof(SequenceModelOptions)}.{nameof(Layers)}", Layers, "from 1 to 24");
        Require(Heads >= 1 && Dim % Heads == 0, $"{nameof(SequenceModelOptions)}.{nameof(Heads)}", Heads, $"at least 1 and a divisor of the width {Dim}");
        Require(FeedForwardDim >= 0, $"{nameof(SequenceModelOptions)}.{nameof(FeedForwardDim)}", FeedForwardDim, "0 (same as the width) or positive");
        Require(MaxLength is >= 2 and <= 4096, $"{nameof(SequenceModelOptions)}.{nameof(MaxLength)}", MaxLength, "from 2 to 4096");
        Require(Dropout is >= 0 and < 1, $"{nameof(SequenceModelOptions)}.{nameof(Dropout)}", Dropout, "in [0, 1)");
        Require(AttentionDropout is >= 0 and < 1, $"{nameof(SequenceModelOptions)}.{nameof(AttentionDropout)}", AttentionDropout, "in [0, 1)");
        Require(TextLayers is >= 1 and <= 12, $"{nameof(SequenceModelOptions)}.{nameof(TextLayers)}", TextLayers, "from 1 to 12");
        Require(TextHeads >= 1 && Dim % TextHeads == 0, $"{nameof(SequenceModelOptions)}.{nameof(TextHeads)}", TextHeads, $"at least 1 and a divisor of the width {Dim}");
        Require(IdDropout is >= 0 and < 1, $"{nameof(SequenceModelOptions)}.{nameof(IdDropout)}", IdDropout, "in [0, 1)");
    }
}
