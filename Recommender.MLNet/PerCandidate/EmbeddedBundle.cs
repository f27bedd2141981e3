using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Recommender.Bundles;

namespace Recommender.MLNet.PerCandidate;

/// <summary>
/// The bundle inside a saved pipeline, as the text value of a one-entry ML.NET value mapping (base64 of the
/// <c>.recbundle</c> bytes). ML.NET saves a value mapping's table with the model and hands its text value to every row
/// by reference, without a copy, which is how the per-candidate mapping reaches the whole model while ML.NET's public
/// API lets a custom mapping save nothing but its name.
/// </summary>
internal static class EmbeddedBundle
{
    // One scorer per loaded copy of the text: every cursor of a pipeline, and every pipeline loaded once, share it.
    private static readonly ConditionalWeakTable<object, CandidateScorer> Scorers = new();

    public static string Encode(string bundlePath) => Convert.ToBase64String(File.ReadAllBytes(bundlePath));

    /// <summary>The scorer of the bundle <paramref name="text"/> holds, made on first use.</summary>
    /// <exception cref="BundleFormatException">The text is not a bundle (the saved pipeline was damaged).</exception>
    public static CandidateScorer Scorer(ReadOnlyMemory<char> text)
    {
        // The table is keyed by the object the characters live in; a copy elsewhere is decoded once more, which is only slower.
        object? owner = MemoryMarshal.TryGetString(text, out var whole, out var start, out var length) && start == 0 && length == whole.Length
            ? whole
            : MemoryMarshal.TryGetArray(text, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length ? segment.Array : null;
        return owner is null ? Decode(text) : Scorers.GetValue(owner, _ => Decode(text));
    }

    private static CandidateScorer Decode(ReadOnlyMemory<char> text)
    {
        var bytes = new byte[text.Length / 4 * 3];
        if (!Convert.TryFromBase64Chars(text.Span, bytes, out var written))
        {
            throw new BundleFormatException("the saved ML.NET pipeline", string.Empty,
                "The recommender bundle saved inside the ML.NET pipeline is not valid base64; the pipeline file was damaged. Save the pipeline again.");
        }

        return new CandidateScorer(ModelBundle.Load(new MemoryStream(bytes, 0, written, writable: false), "the bundle saved in the ML.NET pipeline"));
    }
}
