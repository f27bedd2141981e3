using System.Text.Json;

namespace Recommender.Bundles;

/// <summary>How manifests are written and read: camelCase, and a manifest written by a newer minor version may carry more.</summary>
internal static class BundleJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
