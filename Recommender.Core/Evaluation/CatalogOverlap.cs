using Recommender.Splitting;

namespace Recommender.Evaluation;

/// <summary>
/// How much of an evaluation's data a model knows: targets it could rank, histories it could read. A model
/// evaluated on data it was not trained on (another dataset, other ids) ranks nothing it does not know, and its
/// metrics are then near zero for a reason that has nothing to do with its quality.
/// </summary>
/// <param name="Examples">Evaluation examples (one target each).</param>
/// <param name="TargetsKnown">Examples whose target the model knows.</param>
/// <param name="HistoriesWithoutKnownItem">Examples whose history holds no item the model knows (the model can only fall back for them).</param>
public sealed record CatalogOverlap(int Examples, int TargetsKnown, int HistoriesWithoutKnownItem)
{
    /// <summary>The share of targets the model knows, from 0 to 1 (1 when there are no examples).</summary>
    public double KnownTargetShare => Examples == 0 ? 1 : (double)TargetsKnown / Examples;

    /// <summary>Measures the overlap of <paramref name="examples"/> of <paramref name="split"/> with the items <paramref name="knows"/> accepts.</summary>
    public static CatalogOverlap Measure(DataSplit split, IReadOnlyList<SplitExample> examples, Func<string, bool> knows)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(knows);
        var items = split.Log.Items;
        var known = new bool[items.Count + 1];
        for (var i = 1; i <= items.Count; i++)
        {
            known[i] = knows(items.GetId(i));
        }

        var targetsKnown = 0;
        var blind = 0;
        foreach (var example in examples)
        {
            if (known[split.GetTarget(example)])
            {
                targetsKnown++;
            }

            var anyKnown = false;
            foreach (var item in split.GetInput(example))
            {
                if (known[item])
                {
                    anyKnown = true;
                    break;
                }
            }

            if (!anyKnown)
            {
                blind++;
            }
        }

        return new CatalogOverlap(examples.Count, targetsKnown, blind);
    }
}
