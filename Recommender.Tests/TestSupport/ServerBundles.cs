using Recommender.Bundles;

namespace Recommender.Tests.TestSupport;

/// <summary>
/// The two <see cref="TrainedBundles"/> saved once as files for all server tests; each test copies the one it serves
/// into a folder of its own, since the server watches (and tests overwrite) that path.
/// </summary>
public sealed class ServerBundles : IDisposable
{
    private readonly TrainedBundles _trained = new();
    private readonly TempDirectory _directory = new();
    private readonly Lazy<byte[]> _withText;
    private readonly Lazy<byte[]> _withoutText;

    public ServerBundles()
    {
        _withText = new(() => Bytes(_trained.Bundle));
        _withoutText = new(() => Bytes(_trained.BundleWithoutText));
    }

    internal ModelBundle Bundle => _trained.Bundle;

    internal Recommender.Splitting.DataSplit Split => _trained.Split;

    /// <summary>The bundle with item text, as file bytes.</summary>
    internal byte[] WithText => _withText.Value;

    /// <summary>The bundle with ids only, as file bytes.</summary>
    internal byte[] WithoutText => _withoutText.Value;

    /// <summary>Writes <paramref name="bytes"/> to <c>model.recbundle</c> in <paramref name="directory"/> and returns the path.</summary>
    internal static string Place(TempDirectory directory, byte[] bytes)
    {
        var path = directory.File("model.recbundle");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Replaces the file at <paramref name="path"/> the way a deployment should: write beside it, then rename over it.</summary>
    internal static void Replace(string path, byte[] bytes)
    {
        var temporary = path + ".incoming";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }

    public void Dispose()
    {
        _trained.Dispose();
        _directory.Dispose();
    }

    private static byte[] Bytes(ModelBundle bundle)
    {
        using var stream = new MemoryStream();
        bundle.Save(stream);
        return stream.ToArray();
    }
}
