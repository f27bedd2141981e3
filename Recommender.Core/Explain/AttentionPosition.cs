namespace Recommender.Explain;

/// <summary>One position of the sequence a model read: a history item, or the trailing [MASK] of a masked-item model.</summary>
/// <param name="ItemId">The item's id as in the training data, or null for [MASK].</param>
/// <param name="Title">The item's title ("" when the catalog had none), or "[MASK]".</param>
public sealed record AttentionPosition(string? ItemId, string Title)
{
    /// <summary>The title of the [MASK] position.</summary>
    public const string MaskTitle = "[MASK]";

    /// <summary>Whether this is the [MASK] position a masked-item model reads the user vector at.</summary>
    public bool IsMask => ItemId is null;

    /// <summary>What to show for the position: its title, or its id when it has no title.</summary>
    public string Label => Title.Length > 0 ? Title : ItemId ?? MaskTitle;
}
