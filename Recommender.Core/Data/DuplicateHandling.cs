namespace Recommender.Data;

/// <summary>What to do with an interaction that exactly repeats an earlier one of the same user.</summary>
/// <remarks>
/// An exact duplicate has the same user, item and timestamp as an earlier interaction; without
/// timestamps, it is the same item as the user's immediately preceding interaction. Repeats at
/// other times (a user coming back to an item) are real behaviour: they are always kept, and counted.
/// </remarks>
public enum DuplicateHandling
{
    /// <summary>Drop exact duplicates, and count them in the report (the default).</summary>
    Drop,

    /// <summary>Keep exact duplicates as separate interactions, and count them in the report.</summary>
    Keep,
}
