using Recommender.Bundles;
using Recommender.Scoring;

namespace Recommender.Server.Models;

/// <summary>Loads a bundle and proves it answers before it may serve.</summary>
internal static class ModelLoader
{
    /// <summary>Reads the bundle file once (so the version is the hash of exactly what was loaded), opens a session and validates it.</summary>
    /// <exception cref="BundleFormatException">The file is not a bundle, or is damaged, or its graphs do not load.</exception>
    /// <exception cref="InvalidDataException">The bundle loads but its model does not answer.</exception>
    public static LoadedModel Load(string path, RecommenderSessionOptions options, TimeProvider time)
    {
        var bytes = File.ReadAllBytes(path);
        var version = BundleVersion.Of(bytes);
        var bundle = ModelBundle.Load(new MemoryStream(bytes, writable: false), Path.GetFileName(path), path);
        var session = new RecommenderSession(bundle, options);
        try
        {
            Validate(session);
        }
        catch
        {
            session.Dispose();
            throw;
        }

        return new LoadedModel(session, version, Path.GetFileName(path), time.GetUtcNow());
    }

    /// <summary>A test recommendation and a test score: a bundle whose graphs load but do not run is refused here, not by a user's request.</summary>
    private static void Validate(RecommenderSession session)
    {
        var items = session.Bundle.Items;
        if (items.Count == 0)
        {
            throw new InvalidDataException("The bundle has no items.");
        }

        var first = items.GetId(1);
        var last = items.GetId(items.Count);
        var top = session.Recommend([first, last], k: 1, excludeSeen: false);
        if (top.Count != 1 || !float.IsFinite(top[0].Score))
        {
            throw new InvalidDataException("The bundle's model gave no finite recommendation for a test history.");
        }

        var scores = session.Score([first], [first, last]);
        if (scores.Length != 2 || !scores.All(float.IsFinite))
        {
            throw new InvalidDataException("The bundle's model gave no finite score for a test history.");
        }
    }
}
