namespace Recommender.Splitting;

/// <summary>
/// One prediction task: given user <see cref="User"/>'s interactions before <see cref="Position"/>,
/// predict the item at <see cref="Position"/>.
/// </summary>
/// <param name="User">The user index in the log.</param>
/// <param name="Position">The target's position in the user's time-ordered sequence; the input is positions 0..Position-1.</param>
public readonly record struct SplitExample(int User, int Position);
