namespace Recommender.Bundles;

/// <summary>
/// The item-transition term a bundle's scores include beside the attention model's: what followed the user's latest
/// items in the training sequences, counted when the model was exported and carried inside its scoring graphs.
/// </summary>
/// <remarks>
/// Item j's evidence t is the sum over the history's latest <paramref name="Recent"/> items (the latest is r = 1) of
/// <c>w(h_r, j) / r</c>, where <c>w(i, j)</c> adds <c>1/g</c> whenever j followed i <c>g ≤ Window</c> steps later in a
/// training sequence, divided by <c>sqrt(pop(i) · pop(j))</c>; each item keeps its <paramref name="Followers"/>
/// heaviest followers. The score is the model's plus <c>Weight · ln(1 + Scale · t)</c>. The user vector alone (the
/// user encoder graph) does not include the term.
/// </remarks>
/// <param name="Recent">How many of a history's latest items vote.</param>
/// <param name="Window">Steps after an item within which its followers were counted.</param>
/// <param name="Followers">Followers kept per item.</param>
/// <param name="Weight">Weight of the term, chosen on the validation targets.</param>
/// <param name="Scale">Scale of the evidence inside the logarithm.</param>
/// <param name="TrainedItems">Items the statistics cover (indices 1..TrainedItems); items added later have none.</param>
public sealed record BundleTransitions(int Recent, int Window, int Followers, double Weight, double Scale, int TrainedItems)
{
    internal string? FindProblem(int itemCount)
    {
        if (Recent < 1 || Window < 1 || Followers < 1)
        {
            return "the transition term's recent items, window and followers must be positive";
        }

        if (!double.IsFinite(Weight) || Weight <= 0 || !double.IsFinite(Scale) || Scale <= 0)
        {
            return "the transition term's weight and scale must be positive numbers";
        }

        // Items added after training (add-items) have no statistics, so the term may cover fewer items than the model has.
        return TrainedItems < 1 || TrainedItems > itemCount ? $"the transition term covers {TrainedItems} items but the model has {itemCount}" : null;
    }
}
