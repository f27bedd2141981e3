using System.Globalization;

namespace Recommender.Evaluation;

/// <summary>Settings of <see cref="EaseScorer"/>; the defaults are in <see cref="Defaults"/>.</summary>
public sealed record EaseOptions
{
    /// <summary>The default settings, in one place.</summary>
    public static class Defaults
    {
        /// <summary>The L2 penalty on the item-item weights, as in the EASE paper's MovieLens 20M setting.</summary>
        public const double Lambda = 500;

        /// <summary>
        /// The largest catalog fitted: the dense item × item matrix and its inverse take 8 bytes per pair of items
        /// twice over, and the inverse's time grows with the cube of the catalog (benchmarks/RESULTS.md).
        /// </summary>
        public const int MaxItems = 20_000;
    }

    /// <summary>The L2 penalty λ added to the Gram matrix's diagonal (default <see cref="Defaults.Lambda"/>).</summary>
    public double Lambda { get; init; } = Defaults.Lambda;

    /// <summary>Catalogs above this many items are refused (default <see cref="Defaults.MaxItems"/>); see <see cref="EaseScorer.Fits"/>.</summary>
    public int MaxItems { get; init; } = Defaults.MaxItems;

    // The item × item matrix is one array, indexed by int.
    private const int LargestMaxItems = 46_340;

    internal void Validate()
    {
        if (!(Lambda > 0) || double.IsInfinity(Lambda))
        {
            throw new ArgumentOutOfRangeException(nameof(Lambda), Lambda, string.Create(CultureInfo.InvariantCulture, $"{nameof(Lambda)} must be a positive, finite penalty."));
        }

        if (MaxItems is < 1 or > LargestMaxItems)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxItems), MaxItems, string.Create(CultureInfo.InvariantCulture,
                $"{nameof(MaxItems)} must be between 1 and {LargestMaxItems:N0} (a dense matrix of more items does not fit one array)."));
        }
    }
}
