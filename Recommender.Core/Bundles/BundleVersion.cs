using System.Security.Cryptography;

namespace Recommender.Bundles;

/// <summary>
/// The short version string of a bundle file: the first 12 hex digits of its SHA-256. Two files with the same
/// version are byte for byte the same bundle, so it tells which model answered a request or which model another was
/// made from.
/// </summary>
public static class BundleVersion
{
    /// <summary>The number of hex digits of a version.</summary>
    public const int Length = 12;

    /// <summary>The version of the bundle bytes <paramref name="bytes"/>.</summary>
    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes))[..Length];

    /// <summary>The version of the bundle file at <paramref name="path"/>, read as a stream.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static string OfFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream))[..Length];
    }
}
