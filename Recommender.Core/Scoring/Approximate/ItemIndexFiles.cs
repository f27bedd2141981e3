using System.Globalization;
using Recommender.Bundles;

namespace Recommender.Scoring.Approximate;

/// <summary>
/// Where a bundle's item index is kept and how it is found again: a file beside the bundle (or in the directory the
/// options give) named after the bundle file, the hash of the vectors it indexes and the graph's settings, so an
/// index is only ever read for exactly the vectors and settings it was built from.
/// </summary>
internal static class ItemIndexFiles
{
    private const string Extension = ".hnsw";

    /// <summary>The index file for <paramref name="bundle"/>, or null when there is nowhere to keep it (a bundle not read from a file, and no directory given).</summary>
    public static string? PathFor(ModelBundle bundle, ApproximateTopKOptions options)
    {
        var file = bundle.FilePath;
        var directory = options.IndexDirectory ?? (file is null ? null : Path.GetDirectoryName(Path.GetFullPath(file)));
        if (directory is null)
        {
            return null;
        }

        var table = bundle.Manifest.Model.TiedOutput ? ModelBundle.ItemVectorsPart : ModelBundle.OutputVectorsPart;
        var hash = bundle.Manifest.Parts[table].Sha256[..12];
        var name = string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(file) ?? "bundle"}.{hash}-m{options.Connectivity}-ef{options.ExpansionAdd}{PrecisionSuffix(options.Precision)}{Extension}");
        return Path.Combine(directory, name);
    }

    // Full-precision indexes keep the name they had before the precision could be chosen, so existing files are read again.
    private static string PrecisionSuffix(IndexPrecision precision) => precision switch
    {
        IndexPrecision.Half => "-f16",
        IndexPrecision.Quantized => "-i8",
        _ => "",
    };

    /// <summary>
    /// The index of <paramref name="bundle"/>'s scoring table: read from its file when there is one, built otherwise and
    /// written there for the next session. The message says what happened when it is worth saying (built, or not kept).
    /// </summary>
    /// <exception cref="ItemIndexException">USearch cannot run here, or the index cannot be built.</exception>
    public static (ItemIndex Index, string? Message) Open(ModelBundle bundle, ApproximateTopKOptions options, int threads)
    {
        var model = bundle.Manifest.Model;
        var path = PathFor(bundle, options);
        string? note = null;
        if (path is not null && File.Exists(path))
        {
            try
            {
                var loaded = ItemIndex.Load(path, bundle.OutputVectorArray, model.Dim, options, threads);
                if (loaded.Count == model.ItemCount)
                {
                    return (loaded, null);
                }

                note = $"{path} holds {loaded.Count} items, not the bundle's {model.ItemCount}; it was built again.";
                loaded.Dispose();
            }
            catch (ItemIndexException e)
            {
                note = $"{path} could not be read ({e.Message}); it was built again.";
            }
        }

        var index = ItemIndex.Build(bundle.OutputVectorArray, model.Dim, options, threads);
        if (path is null)
        {
            return (index, note);
        }

        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            index.Save(path);
            RemoveOthers(path, bundle.FilePath);
            return (index, note ?? $"Built the approximate top-K index of {model.ItemCount:N0} items and kept it in {path} for later sessions.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ItemIndexException)
        {
            return (index, $"The approximate top-K index could not be kept in {path} ({e.Message}); this session holds it in memory, and the next builds it again. Give a writable IndexDirectory (--index-dir) or build it ahead with `recommender index`.");
        }
    }

    // Indexes of earlier versions of the same bundle file would otherwise pile up beside it, each as large as the catalog.
    private static void RemoveOthers(string kept, string? bundleFile)
    {
        var directory = Path.GetDirectoryName(kept)!;
        var prefix = $"{Path.GetFileName(bundleFile) ?? "bundle"}.";
        foreach (var other in Directory.EnumerateFiles(directory, $"{prefix}*{Extension}"))
        {
            if (!string.Equals(Path.GetFullPath(other), Path.GetFullPath(kept), StringComparison.Ordinal))
            {
                try
                {
                    File.Delete(other);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Another process may be reading it; it is removed the next time.
                }
            }
        }
    }
}
