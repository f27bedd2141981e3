namespace Recommender.Bundles;

/// <summary>
/// The ONNX graphs a bundle carries and the names of their inputs and outputs: the contract between the exporter
/// and every scorer. Item indices are int64, 0 is padding, histories are left-padded so the last column is the
/// latest item; item tables are float <c>[rows, dim]</c> inputs with row i the vector of item index i.
/// </summary>
public static class BundleGraphs
{
    /// <summary>The user encoder: <see cref="History"/>, <see cref="ItemTable"/> → <see cref="UserVector"/> <c>[batch, dim]</c>.</summary>
    public const string UserEncoderPart = "user_encoder.onnx";

    /// <summary>
    /// The candidate scorer: <see cref="History"/>, <see cref="Candidates"/> <c>[batch, candidates]</c>,
    /// <see cref="ItemTable"/>, <see cref="OutputTable"/> → <see cref="Scores"/> <c>[batch, candidates]</c>.
    /// </summary>
    public const string ScorerPart = "scorer.onnx";

    /// <summary>
    /// The full-catalog top-K: <see cref="History"/>, <see cref="ItemTable"/>, <see cref="OutputTable"/>, <see cref="K"/> <c>[1]</c>,
    /// <see cref="ExcludeSeen"/> bool <c>[1]</c> → <see cref="TopItems"/> and <see cref="TopScores"/> <c>[batch, k]</c>, best first.
    /// Padding is never returned; excluded items score -inf.
    /// </summary>
    public const string TopKPart = "top_k.onnx";

    /// <summary>The item text encoder (models with text): <see cref="Tokens"/> <c>[items, tokens]</c> → <see cref="TextVectors"/> <c>[items, dim]</c>.</summary>
    public const string TextEncoderPart = "text_encoder.onnx";

    /// <summary>Input: item indices <c>[batch, length]</c>, int64, left-padded with 0.</summary>
    public const string History = "history";

    /// <summary>Input: the item vectors the history is read with, float <c>[rows, dim]</c>.</summary>
    public const string ItemTable = "item_table";

    /// <summary>Input: the item vectors scores are computed against (the item table itself unless the model has a separate one).</summary>
    public const string OutputTable = "output_table";

    /// <summary>Input: candidate item indices <c>[batch, candidates]</c>, int64.</summary>
    public const string Candidates = "candidates";

    /// <summary>Input: how many items the top-K returns, int64 <c>[1]</c>, at most the table's rows.</summary>
    public const string K = "k";

    /// <summary>Input: whether the top-K skips items of the history, bool <c>[1]</c>.</summary>
    public const string ExcludeSeen = "exclude_seen";

    /// <summary>Input: token ids <c>[items, tokens]</c>, int64, 0-padded.</summary>
    public const string Tokens = "tokens";

    /// <summary>Output: user vectors <c>[batch, dim]</c>.</summary>
    public const string UserVector = "user_vector";

    /// <summary>Output: scores <c>[batch, candidates]</c>.</summary>
    public const string Scores = "scores";

    /// <summary>Output: top item indices <c>[batch, k]</c>, int64.</summary>
    public const string TopItems = "top_items";

    /// <summary>Output: top scores <c>[batch, k]</c>.</summary>
    public const string TopScores = "top_scores";

    /// <summary>Output: the text part of item vectors <c>[items, dim]</c> (zero for an item without text).</summary>
    public const string TextVectors = "text_vectors";

    // The initializers loading reads the model's shape from (BundleGraphCheck); the exporter writes them by these names.

    /// <summary>The learned positions of the history, <c>[maxLength, dim]</c>, in the user encoder, scorer and top-K graphs.</summary>
    internal const string PositionsInitializer = "positions.weight";

    /// <summary>The [MASK] vector a masked-item model reads after the history, <c>[1, 1, dim]</c>.</summary>
    internal const string MaskVectorInitializer = "mask_vector";

    /// <summary>The prefix of the weights of history block i: <c>blocks.i.</c>.</summary>
    internal const string BlockInitializerPrefix = "blocks.";

    /// <summary>The text encoder's token positions, <c>[tokens per item, dim]</c>.</summary>
    internal const string TextPositionsInitializer = "items.text.positions.weight";

    /// <summary>The text encoder's token vectors, <c>[vocabulary, dim]</c>.</summary>
    internal const string TextTokensInitializer = "items.text.tokens.weight";

    /// <summary>The item-transition term's followers, <c>[items + 1, followers kept]</c>.</summary>
    internal const string TransitionFollowersInitializer = "transitions.followers";

    /// <summary>The item-transition term's weights by recency, <c>[recent, 1]</c>.</summary>
    internal const string TransitionRecencyInitializer = "transitions.recency";
}
