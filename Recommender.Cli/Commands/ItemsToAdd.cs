using System.Globalization;
using Recommender.Data;
using Recommender.Scoring;

namespace Recommender.Cli.Commands;

/// <summary>An items file sorted for <c>add-items</c>: new items with text, items the model already knows, items with no text to place them by.</summary>
internal sealed record ItemsToAdd(IReadOnlyList<CatalogItem> New, IReadOnlyList<string> Known, IReadOnlyList<string> WithoutText)
{
    public static ItemsToAdd Sort(ItemCatalog catalog, RecommenderSession session)
    {
        var tokenizer = session.Bundle.Tokenizer ?? throw new InvalidOperationException("A model without text cannot place items.");
        List<CatalogItem> added = [];
        List<string> known = [];
        List<string> withoutText = [];
        foreach (var item in catalog.Items)
        {
            if (session.Contains(item.Id))
            {
                known.Add(item.Id);
            }
            else if (tokenizer.Encode(item).Length == 0)
            {
                withoutText.Add(item.Id);
            }
            else
            {
                added.Add(item);
            }
        }

        return new ItemsToAdd(added, known, withoutText);
    }

    /// <summary>The one-sentence account the new bundle's lineage keeps.</summary>
    public string Summary(long duplicateRows) => string.Create(CultureInfo.InvariantCulture,
        $"added {New.Count:N0} items; {Known.Count:N0} already known and {WithoutText.Count:N0} without text were not added; {duplicateRows:N0} rows repeated an earlier id");
}
