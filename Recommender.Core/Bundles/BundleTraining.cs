namespace Recommender.Bundles;

/// <summary>How the bundled model was trained and how well it did, for whoever deploys it.</summary>
/// <param name="Protocol">The split and evaluation protocol the metrics were measured under.</param>
/// <param name="EpochsTrained">Epochs run.</param>
/// <param name="BestEpoch">The epoch whose weights were kept.</param>
/// <param name="Metrics">Metrics of the kept weights, e.g. "validation NDCG@10".</param>
/// <param name="Settings">The training settings, by name.</param>
/// <param name="Configuration">
/// How the run was configured: each chosen setting with its reason (a rule over the data, a time budget, or the
/// caller); <see langword="null"/> in bundles written before runs configured themselves.
/// </param>
public sealed record BundleTraining(string Protocol, int EpochsTrained, int BestEpoch, IReadOnlyDictionary<string, double> Metrics, IReadOnlyDictionary<string, string> Settings,
    IReadOnlyList<ConfigurationChoice>? Configuration = null);
