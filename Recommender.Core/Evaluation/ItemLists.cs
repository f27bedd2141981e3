namespace Recommender.Evaluation;

/// <summary>
/// Per-item lists of (item, weight) pairs stored flat: item i's are <c>Items[Offsets[i]..Offsets[i + 1]]</c> with
/// <c>Weights</c> in the same places. The neighbour and follower tables of the baselines share this layout.
/// </summary>
internal sealed record ItemLists(int[] Offsets, int[] Items, float[] Weights)
{
    /// <summary>Flattens one list per item (index 0, padding, included) into one allocation each.</summary>
    public static ItemLists Flatten(int[][] items, float[][] weights)
    {
        var offsets = new int[items.Length + 1];
        for (var item = 0; item < items.Length; item++)
        {
            offsets[item + 1] = offsets[item] + items[item].Length;
        }

        var flatItems = new int[offsets[^1]];
        var flatWeights = new float[offsets[^1]];
        for (var item = 0; item < items.Length; item++)
        {
            items[item].CopyTo(flatItems, offsets[item]);
            weights[item].CopyTo(flatWeights, offsets[item]);
        }

        return new ItemLists(offsets, flatItems, flatWeights);
    }
}
