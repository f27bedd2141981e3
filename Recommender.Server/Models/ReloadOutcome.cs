namespace Recommender.Server.Models;

/// <summary>What a reload did: the version serving afterwards, and why the new bundle was refused, if it was.</summary>
internal sealed record ReloadOutcome(bool Loaded, string? Version, string? Error);
