using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Recommender.Training.Modeling;

/// <summary>
/// The item table: row i is item i's vector, the sum of its id embedding and (with text) the text encoder's
/// reading of its tokens. Row 0 is padding (always zero); the last row is the [MASK] token of the masked objective.
/// </summary>
internal sealed class ItemEmbedding : nn.Module
{
    private readonly Embedding ids;
    private readonly ItemTextEncoder? text;
    private readonly Tensor item_tokens;
    private readonly double _idDropout;

    public ItemEmbedding(string name, int rows, int dim, Tensor? itemTokens, int vocabularySize, SequenceModelOptions options)
        : base(name)
    {
        ids = nn.Embedding(rows, dim, padding_idx: 0);
        nn.init.normal_(ids.weight!, std: 0.02);
        using (no_grad())
        {
            ids.weight![0].zero_();
        }

        _idDropout = options.IdDropout;
        if (itemTokens is not null)
        {
            text = new ItemTextEncoder("text", vocabularySize, (int)itemTokens.shape[1], dim, options.TextLayers, options.TextHeads, options.Dropout);
            item_tokens = itemTokens;
        }
        else
        {
            item_tokens = zeros(rows, 1, dtype: int64);
        }

        RegisterComponents();
    }

    // In training mode with text, some id embeddings are hidden (see SequenceModelOptions.IdDropout).
    public Tensor Table()
    {
        if (text is null)
        {
            return ids.weight!;
        }

        using var scope = NewDisposeScope();
        Tensor idVectors = ids.weight!;
        if (training && _idDropout > 0)
        {
            var keep = rand(idVectors.shape[0], 1, device: idVectors.device).ge(_idDropout).to_type(idVectors.dtype);
            idVectors = idVectors * keep;
        }

        return (idVectors + text.forward(item_tokens)).MoveToOuterDisposeScope();
    }
}
