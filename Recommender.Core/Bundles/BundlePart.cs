namespace Recommender.Bundles;

/// <summary>A file in the bundle, as the manifest records it so loading can prove it intact.</summary>
/// <param name="Bytes">Its length.</param>
/// <param name="Sha256">The lower-case hex SHA-256 of its bytes.</param>
public sealed record BundlePart(long Bytes, string Sha256);
