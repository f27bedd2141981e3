namespace Recommender.Training.Export;

/// <summary>
/// The attention mask of one graph, as its blocks read it (see <see cref="TransformerGraphWriter.Mask"/>): additive
/// biases for standard operators, or the int32 key-padding mask of ONNX Runtime's fused MultiHeadAttention.
/// </summary>
internal sealed record AttentionMask(bool Causal, string? KeyBias = null, string? CausalBias = null, string? KeyMask = null);
