namespace Recommender.Bundles;

/// <summary>
/// One step in the history of a bundle that was made from another rather than trained from nothing: which bundle it
/// came from, what was done and with what input. A bundle's manifest lists its steps oldest first, its parent's
/// steps included, so a model served years later still says where it came from.
/// </summary>
/// <param name="Operation">What made the bundle: <see cref="AddItems"/> or <see cref="WarmStart"/>.</param>
/// <param name="ParentVersion">
/// The parent bundle file's version: the first 12 hex digits of its SHA-256 (<see cref="BundleVersion.OfFile"/>), the
/// version the server reports for it.
/// </param>
/// <param name="ParentFile">The parent bundle's file name, as it was given.</param>
/// <param name="ParentCreatedUtc">When the parent bundle was written.</param>
/// <param name="Input">The data the step read (a file name), or empty.</param>
/// <param name="Summary">What the step did, in a sentence, e.g. how many items were added.</param>
/// <param name="Utc">When the step ran.</param>
public sealed record BundleLineage(string Operation, string ParentVersion, string ParentFile, DateTimeOffset ParentCreatedUtc, string Input, string Summary, DateTimeOffset Utc)
{
    /// <summary>The <see cref="Operation"/> of a bundle made by adding items to another.</summary>
    public const string AddItems = "add-items";

    /// <summary>The <see cref="Operation"/> of a bundle trained on from another's weights.</summary>
    public const string WarmStart = "warm-start";
}
