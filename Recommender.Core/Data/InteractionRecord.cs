namespace Recommender.Data;

/// <summary>
/// One interaction as a source file states it: who, what, and optionally when and how much.
/// Ids keep the source's spelling; integer ids are written in invariant culture.
/// </summary>
/// <param name="UserId">The user's id in the source.</param>
/// <param name="ItemId">The item's id in the source.</param>
/// <param name="Timestamp">Time of the interaction (any monotonic unit, usually Unix seconds), or <see langword="null"/> when the source has none and its order is the time order.</param>
/// <param name="Rating">The explicit rating, when the source has one.</param>
public readonly record struct InteractionRecord(string UserId, string ItemId, long? Timestamp = null, float? Rating = null);
