using k8s;
using k8s.Models;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Deploy;

/// <summary>The manifests under deploy/kubernetes, read with the Kubernetes client's object model.</summary>
internal static class KubernetesManifests
{
    public const string Folder = "deploy/kubernetes";

    /// <summary>Every YAML file of the folder, by its path relative to the repository root.</summary>
    public static IReadOnlyList<string> Files =>
        [.. Directory.EnumerateFiles(Path.Combine(Repository.Root, Folder), "*.yaml").Order(StringComparer.Ordinal)
            .Select(p => Path.GetRelativePath(Repository.Root, p).Replace('\\', '/'))];

    /// <summary>
    /// Every object of a manifest, typed by its apiVersion and kind. Strict: a field the Kubernetes API does not define
    /// (a typo, or a field at the wrong level) throws, where the API server would reject or silently drop it.
    /// </summary>
    public static IReadOnlyList<object> Load(string relativePath) => Parse(File.ReadAllText(Path.Combine(Repository.Root, relativePath)));

    public static IReadOnlyList<object> Parse(string yaml) => KubernetesYaml.LoadAllFromString(yaml, typeMap: null, strict: true);

    public static V1Job ScoreJob => Load($"{Folder}/score-job.yaml").OfType<V1Job>().Single();

    public static V1PersistentVolumeClaim DataClaim => Load($"{Folder}/data-pvc.yaml").OfType<V1PersistentVolumeClaim>().Single();

    public static V1Pod DataPod => Load($"{Folder}/data-pod.yaml").OfType<V1Pod>().Single();
}
