namespace Recommender.Server.Contracts;

/// <summary>A health answer.</summary>
/// <param name="Status"><c>live</c> or <c>ready</c>.</param>
/// <param name="ModelVersion">The model serving, when there is one.</param>
public sealed record HealthStatus(string Status, string? ModelVersion);
