using Recommender.Bundles;

namespace Recommender.Tests.TestSupport;

/// <summary>A bundle saved to a file in a fresh directory (deleted afterwards), as ML.NET stages and commands read it.</summary>
internal sealed class SavedBundle : IDisposable
{
    public SavedBundle(ModelBundle bundle)
    {
        Path = Directory.File("model.recbundle");
        bundle.Save(Path);
    }

    /// <summary>The directory the bundle is in, for the files a test writes beside it.</summary>
    public TempDirectory Directory { get; } = new();

    public string Path { get; }

    public void Dispose() => Directory.Dispose();
}
