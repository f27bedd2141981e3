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

    internal void Validate()
    {
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
