namespace Recommender.Bundles;

/// <summary>How the bundled model was trained and how well it did, for whoever deploys it.</summary>
/// <param name="Protocol">The split and evaluation protocol the metrics were measured under.</param>
/// <param name="EpochsTrained">Epochs run.</param>
/// <param name="BestEpoch">The epoch whose weights were kept.</param>
/// <param name="Metrics">Metrics of the kept weights, e.g. "validation NDCG@10".</param>
/// <param name="Settings">The training settings, by name.</param>
public sealed record BundleTraining(string Protocol, int EpochsTrained, int BestEpoch, IReadOnlyDictionary<string, double> Metrics, IReadOnlyDictionary<string, string> Settings);
