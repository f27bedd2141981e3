namespace Recommender.Bundles;

/// <summary>
/// A model bundle that cannot be used: the file is not a readable bundle zip, a part is missing or does not match
/// its hash, the format version is newer than this library reads, or the manifest does not describe the graphs and
/// tables the bundle carries. The message is one paragraph naming the bundle, the part, what was found, what was
/// expected and what to do.
/// </summary>
/// <remarks>
/// Like <see cref="Data.DataFormatException"/> for data files, it derives from <see cref="Exception"/> directly:
/// <see cref="InvalidDataException"/>, which loading threw before, is sealed.
/// </remarks>
public sealed class BundleFormatException : Exception
{
    /// <summary>A bundle problem with no description, file or part.</summary>
    public BundleFormatException()
        : this(string.Empty, string.Empty, "The model bundle cannot be used.")
    {
    }

    /// <summary>A bundle problem described by <paramref name="message"/> alone, with no file or part named.</summary>
    /// <param name="message">The whole description of the problem.</param>
    public BundleFormatException(string message)
        : this(string.Empty, string.Empty, message)
    {
    }

    /// <summary>A bundle problem described by <paramref name="message"/> and caused by <paramref name="innerException"/>.</summary>
    /// <param name="message">The whole description of the problem.</param>
    /// <param name="innerException">What the problem was found through.</param>
    public BundleFormatException(string message, Exception? innerException)
        : this(string.Empty, string.Empty, message, innerException)
    {
    }

    /// <summary>A problem with <paramref name="part"/> of the bundle <paramref name="filePath"/>.</summary>
    /// <param name="filePath">The bundle file, or the name a stream was loaded under.</param>
    /// <param name="part">The entry of the bundle at fault, or empty when the whole file is.</param>
    /// <param name="message">The whole description of the problem, naming the file and the part.</param>
    /// <param name="innerException">What the problem was found through, if anything.</param>
    public BundleFormatException(string filePath, string part, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentNullException.ThrowIfNull(filePath);
        ArgumentNullException.ThrowIfNull(part);
        FilePath = filePath;
        Part = part;
    }

    /// <summary>The bundle file, or the name the stream was loaded under (see <see cref="ModelBundle.Load(Stream, string)"/>).</summary>
    public string FilePath { get; }

    /// <summary>
    /// The entry of the bundle at fault, e.g. <c>manifest.json</c> or a graph of <see cref="BundleGraphs"/>; empty when
    /// the whole file is (it is not a zip, or it was cut short).
    /// </summary>
    public string Part { get; }

    /// <summary>
    /// What <paramref name="cause"/> says, as one short line to quote inside a message: a parser's message may quote
    /// the damaged bytes themselves, line breaks and all.
    /// </summary>
    internal static string Quote(Exception cause)
    {
        const int Longest = 300;
        var text = string.Join(' ', cause.Message.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        text = new string([.. text.Select(c => char.IsControl(c) ? '?' : c)]);
        return text.Length <= Longest ? text : text[..Longest] + "...";
    }
}
