namespace Recommender.BatchScoring;

/// <summary>One user's interactions, oldest first, as a batch scoring input states them.</summary>
/// <param name="UserId">The user's id in the input.</param>
/// <param name="Items">Item ids, oldest first.</param>
public sealed record UserHistory(string UserId, IReadOnlyList<string> Items);
