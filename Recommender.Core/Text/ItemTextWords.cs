using System.Text.RegularExpressions;
using Recommender.Data;

namespace Recommender.Text;

/// <summary>
/// How normalised item text splits into words before WordPiece: the vocabulary is counted and the text encoded
/// with the same split, so every word the encoder sees was spelled the way the vocabulary saw it.
/// </summary>
internal static partial class ItemTextWords
{
    /// <summary>
    /// Runs of word characters are words; any other non-space character stands alone, so "(1995)" gives
    /// "(", "1995", ")" and "[SEP]" typed in a title can never become the separator token.
    /// A surrogate pair stays whole so it is one character, not two halves no vocabulary can hold.
    /// </summary>
    [GeneratedRegex(@"[\w\p{Mc}]+|[\uD800-\uDBFF][\uDC00-\uDFFF]|[^\w\p{Mc}\s]", RegexOptions.CultureInvariant)]
    internal static partial Regex Pattern();

    /// <summary>The text of <paramref name="field"/> as the tokenizer reads it.</summary>
    internal static string FieldText(CatalogItem item, string field)
    {
        var text = item.GetText(field);

        // Genres are a '|'-separated list; the bar is list syntax, not a word worth a token.
        return field == ItemFields.Genres ? text.Replace('|', ' ') : text;
    }
}
