using System.Globalization;
using System.Text;
using Microsoft.ML.Tokenizers;

namespace Recommender.Text;

/// <summary>
/// Compatibility decomposition (NFKD) without diacritics, optionally lower-cased, so "Amélie" read from a
/// latin-1 file and "Amélie" typed by a user (precomposed or not) become the same "amelie".
/// </summary>
/// <remarks>Stateless, so one instance can serve every thread.</remarks>
internal sealed class ItemTextNormalizer(bool lowercase) : Normalizer
{
    public bool Lowercase { get; } = lowercase;

    public override string Normalize(string original)
    {
        ArgumentNullException.ThrowIfNull(original);
        if (Ascii.IsValid(original))
        {
            // Titles are mostly ASCII, where NFKD changes nothing: skip the Unicode work.
            return Lowercase ? original.ToLowerInvariant() : original;
        }

        // string.Normalize throws on a lone surrogate; repairing it to U+FFFD is what any UTF-16 decoder does.
        var decomposed = Repair(original).Normalize(NormalizationForm.FormKD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var rune in decomposed.EnumerateRunes())
        {
            if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            Append(builder, Lowercase ? Rune.ToLowerInvariant(rune) : rune);
        }

        return builder.ToString();
    }

    public override string Normalize(ReadOnlySpan<char> original) => Normalize(original.ToString());

    private static string Repair(string text)
    {
        if (text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            Append(builder, rune);
        }

        return builder.ToString();
    }

    private static void Append(StringBuilder builder, Rune rune)
    {
        Span<char> utf16 = stackalloc char[2];
        builder.Append(utf16[..rune.EncodeToUtf16(utf16)]);
    }
}
