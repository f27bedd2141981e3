using Recommender.Evaluation;

namespace Recommender.Training.Blending;

/// <summary>Settings of <see cref="TransitionBlend.Fit"/>; the defaults are in <see cref="Defaults"/>.</summary>
public sealed record TransitionBlendOptions
{
    /// <summary>The default settings, in one place.</summary>
    public static class Defaults
    {
        /// <summary>Followers kept per item: the heaviest, so that the table a graph carries stays small.</summary>
        public const int Followers = 100;

        /// <summary>Catalogs above this size get no transition term: its table grows with the catalog.</summary>
        public const int MaxItems = 500_000;

        /// <summary>The weights tried on the validation targets (0 is always tried: no term).</summary>
        public static readonly IReadOnlyList<double> Weights = [0.25, 0.5, 1, 1.5, 2, 3, 4, 6, 8, 12, 16, 24, 32];

        /// <summary>The scales of the evidence inside the logarithm tried on the validation targets.</summary>
        public static readonly IReadOnlyList<double> Scales = [1, 10, 100];
    }

    /// <summary>How transitions are counted and how many followers each item keeps (default: <see cref="Defaults.Followers"/>).</summary>
    public ItemTransitionOptions Transitions { get; init; } = new() { MaxFollowers = Defaults.Followers };

    /// <summary>The weights tried (default <see cref="Defaults.Weights"/>); the best on validation wins, or none.</summary>
    public IReadOnlyList<double> Weights { get; init; } = Defaults.Weights;

    /// <summary>The scales tried (default <see cref="Defaults.Scales"/>).</summary>
    public IReadOnlyList<double> Scales { get; init; } = Defaults.Scales;

    /// <summary>The largest catalog that gets a transition term (default <see cref="Defaults.MaxItems"/>).</summary>
    public int MaxItems { get; init; } = Defaults.MaxItems;

    internal void Validate()
    {
        if (Transitions.MaxFollowers < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Transitions), Transitions.MaxFollowers, "A transition term needs a bounded number of followers per item (MaxFollowers of at least 1).");
        }

        if (Weights.Count == 0 || Weights.Any(w => !double.IsFinite(w) || w <= 0) || Scales.Count == 0 || Scales.Any(s => !double.IsFinite(s) || s <= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(Weights), "Weights and scales must be non-empty lists of positive numbers.");
        }
    }
}
