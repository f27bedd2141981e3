namespace Recommender.Data;

/// <summary>What building an <see cref="InteractionLog"/> found about repeated interactions.</summary>
/// <param name="Exact">Exact duplicates found (see <see cref="DuplicateHandling"/>).</param>
/// <param name="Dropped">Exact duplicates dropped (0 when they are kept).</param>
/// <param name="Repeats">Interactions with an item the user had already interacted with at another time; kept.</param>
public sealed record DuplicateCounts(long Exact, long Dropped, long Repeats);
