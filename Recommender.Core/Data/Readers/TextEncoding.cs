using System.Text;

namespace Recommender.Data.Readers;

/// <summary>
/// The encoding a text file is read with, how that was decided, and how many byte order mark bytes to pass over.
/// <see cref="Encoding"/> throws on bytes it cannot decode, so nothing turns silently into U+FFFD.
/// </summary>
internal sealed record TextEncoding(Encoding Encoding, string Name, string Decision, int PreambleLength)
{
    /// <summary>The code unit width in bytes: 2 for UTF-16, 1 for the others.</summary>
    public int UnitBytes => Encoding.CodePage is Utf16LE or Utf16BE ? 2 : 1;

    public const int Utf8 = 65001;
    public const int Utf16LE = 1200;
    public const int Utf16BE = 1201;
    public const int Latin1 = 28591;

    /// <summary>The strict form of <paramref name="encoding"/>: same code page, throwing on undecodable bytes.</summary>
    public static Encoding Strict(Encoding encoding) => encoding.CodePage switch
    {
        Utf8 => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true),
        Utf16LE => new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true),
        Utf16BE => new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true),
        Latin1 => Encoding.Latin1,
        _ => Encoding.GetEncoding(encoding.CodePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback),
    };

    /// <summary>The name reports use: UTF-8, UTF-16LE, UTF-16BE, Latin-1, or the encoding's web name.</summary>
    public static string NameOf(Encoding encoding) => encoding.CodePage switch
    {
        Utf8 => "UTF-8",
        Utf16LE => "UTF-16LE",
        Utf16BE => "UTF-16BE",
        Latin1 => "Latin-1",
        _ => encoding.WebName,
    };
}
