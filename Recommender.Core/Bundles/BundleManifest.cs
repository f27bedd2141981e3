namespace Recommender.Bundles;

/// <summary>
/// The description of a bundle in its <c>manifest.json</c> (the id maps and tokenizer it also holds are read into
/// <see cref="ModelBundle"/>).
/// </summary>
/// <param name="FormatVersion">The bundle format; a reader refuses versions newer than <see cref="ModelBundle.FormatVersion"/>.</param>
/// <param name="CreatedUtc">When the bundle was written.</param>
/// <param name="Libraries">Versions of the libraries that wrote it, by name.</param>
/// <param name="Model">The model's shape.</param>
/// <param name="Training">How it was trained and its metrics.</param>
/// <param name="Parts">Every other file of the bundle, by name, with its length and hash.</param>
/// <param name="Lineage">
/// The steps that made this bundle from others, oldest first (<see cref="BundleLineage"/>); <see langword="null"/> for a
/// bundle trained from nothing.
/// </param>
public sealed record BundleManifest(
    int FormatVersion,
    DateTimeOffset CreatedUtc,
    IReadOnlyDictionary<string, string> Libraries,
    BundleModel Model,
    BundleTraining Training,
    IReadOnlyDictionary<string, BundlePart> Parts,
    IReadOnlyList<BundleLineage>? Lineage = null);
