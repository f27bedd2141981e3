using System.Globalization;

namespace Recommender.Evaluation;

/// <summary>Settings of <see cref="ItemTransitionScorer"/>; the defaults are in <see cref="Defaults"/>.</summary>
public sealed record ItemTransitionOptions
{
    /// <summary>The default settings, in one place.</summary>
    public static class Defaults
    {
        /// <summary>How many steps after an item its followers are counted.</summary>
        public const int Window = 5;

        /// <summary>How many of a history's latest items vote for what comes next.</summary>
        public const int Recent = 5;

        /// <summary>How many followers of each item are kept, the heaviest (0: all).</summary>
        public const int MaxFollowers = 0;
    }

    /// <summary>
    /// How many steps after an item i an item j counts as following it (default <see cref="Defaults.Window"/>); a
    /// follower <c>g</c> steps later counts <c>1/g</c>.
    /// </summary>
    public int Window { get; init; } = Defaults.Window;

    /// <summary>
    /// How many of a history's latest items score the candidates (default <see cref="Defaults.Recent"/>); the item
    /// <c>r</c> steps from the end (the latest is 1) weighs <c>1/r</c>.
    /// </summary>
    public int Recent { get; init; } = Defaults.Recent;

    /// <summary>
    /// How many followers of each item are kept, those with the largest weights (default <see cref="Defaults.MaxFollowers"/>:
    /// all). A bound makes the statistics a fixed-width table that a scoring graph can carry.
    /// </summary>
    public int MaxFollowers { get; init; } = Defaults.MaxFollowers;

    internal void Validate()
    {
        if (MaxFollowers < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxFollowers), MaxFollowers, string.Create(CultureInfo.InvariantCulture, $"{nameof(MaxFollowers)} must be 0 (all) or a positive count."));
        }

        if (Window < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Window), Window, string.Create(CultureInfo.InvariantCulture, $"{nameof(Window)} must be at least 1 step."));
        }

        if (Recent < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Recent), Recent, string.Create(CultureInfo.InvariantCulture, $"{nameof(Recent)} must be at least 1 item."));
        }
    }
}
