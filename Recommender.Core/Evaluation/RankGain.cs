namespace Recommender.Evaluation;

/// <summary>What one target's rank contributes to HR@K and NDCG@K: the one definition averages and bootstraps share.</summary>
internal static class RankGain
{
    public static double Hit(int rank, int k) => rank <= k ? 1 : 0;

    /// <summary>1/log2(rank + 1) within the top K, 0 below it (one relevant item, so the ideal DCG is 1).</summary>
    public static double Ndcg(int rank, int k) => rank <= k ? 1 / Math.Log2(rank + 1) : 0;
}
