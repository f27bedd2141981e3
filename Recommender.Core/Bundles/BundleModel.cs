namespace Recommender.Bundles;

/// <summary>The shape of the model a bundle carries.</summary>
/// <param name="Dim">The width of item and user vectors.</param>
/// <param name="Layers">Self-attention blocks over the history.</param>
/// <param name="Heads">Attention heads per block.</param>
/// <param name="MaxLength">Positions the model reads, [MASK] included for a masked-item model.</param>
/// <param name="ItemCount">Items known at training time (indices 1..ItemCount).</param>
/// <param name="UseText">Whether item vectors include the text encoder's reading of item text.</param>
/// <param name="TiedOutput">Whether scores use the input item table (otherwise a separate output table).</param>
/// <param name="Objective">"next-item" or "masked-item" (the user vector is read at a trailing [MASK]).</param>
/// <param name="TokensPerItem">Text tokens per item the text encoder reads (0 without text).</param>
/// <param name="FusedAttention">
/// Whether the graphs compute attention with ONNX Runtime's MultiHeadAttention (com.microsoft domain), which only ONNX
/// Runtime runs, rather than with standard ONNX operators alone.
/// </param>
/// <param name="Transitions">
/// The item-transition term the scorer and top-K graphs add to the model's scores, or <see langword="null"/> when
/// they score with the attention model alone.
/// </param>
public sealed record BundleModel(int Dim, int Layers, int Heads, int MaxLength, int ItemCount, bool UseText, bool TiedOutput, string Objective, int TokensPerItem, bool FusedAttention = false,
    BundleTransitions? Transitions = null)
{
    /// <summary>The value of <see cref="Objective"/> for models trained to predict the next item.</summary>
    public const string NextItem = "next-item";

    /// <summary>The value of <see cref="Objective"/> for models trained to fill in masked items.</summary>
    public const string MaskedItem = "masked-item";

    /// <summary>The most history items one user vector reads; longer histories keep their latest items.</summary>
    public int MaxHistory => Objective == MaskedItem ? MaxLength - 1 : MaxLength;

    /// <summary>The latest items of a history, as many as the model reads.</summary>
    internal int[] Window(int[] history) => history.Length > MaxHistory ? history[^MaxHistory..] : history;

    internal string? FindProblem()
    {
        if (Dim < 1 || Layers < 1 || Heads < 1 || MaxLength < 2 || ItemCount < 1 || TokensPerItem < 0)
        {
            return "the model's sizes must be positive";
        }

        if (Objective is not (NextItem or MaskedItem))
        {
            return $"the objective must be '{NextItem}' or '{MaskedItem}', not '{Objective}'";
        }

        if (Transitions?.FindProblem(ItemCount) is { } transitions)
        {
            return transitions;
        }

        if (!UseText && TokensPerItem != 0)
        {
            return $"a model without text reads no tokens, but tokensPerItem is {TokensPerItem}";
        }

        return UseText && TokensPerItem == 0 ? "a model with text must read at least one token per item" : null;
    }
}
