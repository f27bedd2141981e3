using Recommender.Data;
using Recommender.Text;

namespace Recommender.Training.Training;

/// <summary>The token ids of every item of a log, as the model's text encoder reads them: row i is item index i, 0-padded.</summary>
internal static class ItemTokens
{
    public static long[,] Encode(IdMap items, ItemCatalog catalog, ItemTextTokenizer tokenizer)
    {
        var tokens = new long[items.Count + 1, tokenizer.Options.MaxTokens];
        for (var item = 1; item <= items.Count; item++)
        {
            if (catalog.TryGetItem(items.GetId(item), out var entry))
            {
                var ids = tokenizer.Encode(entry);
                for (var t = 0; t < ids.Length; t++)
                {
                    tokens[item, t] = ids[t];
                }
            }
        }

        return tokens;
    }
}
