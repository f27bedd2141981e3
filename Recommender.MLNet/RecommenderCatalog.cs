using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace Recommender.MLNet;

/// <summary>Entry points of the recommender stage on ML.NET's catalogs.</summary>
public static class RecommenderCatalog
{
    /// <summary>Scores candidate items for each row's user with the recommender bundle at <paramref name="bundlePath"/>.</summary>
    /// <param name="catalog">The transforms catalog, <c>mlContext.Transforms</c>.</param>
    /// <param name="bundlePath">The <c>.recbundle</c> file to score with.</param>
    /// <param name="historyColumnName">The column with each row's history: a vector of Int64 or String item ids, oldest first.</param>
    /// <param name="candidateColumnName">The column with the item (or a vector of items) to score, of the history's id type.</param>
    /// <param name="outputColumnName">The score column made: Single for one candidate per row, a vector for a list.</param>
    /// <exception cref="Recommender.Bundles.BundleFormatException">The bundle is damaged or not a bundle.</exception>
    public static RecommenderScoringEstimator ScoreWithRecommender(this TransformsCatalog catalog, string bundlePath,
        string historyColumnName = "History", string candidateColumnName = "CandidateItem", string outputColumnName = "Score") =>
        new(catalog, new RecommenderScoringEstimator.Options
        {
            BundlePath = bundlePath,
            HistoryColumnName = historyColumnName,
            CandidateColumnName = candidateColumnName,
            OutputColumnName = outputColumnName,
        });

    /// <summary>Scores candidate items for each row's user with a recommender bundle, as <paramref name="options"/> say.</summary>
    /// <exception cref="Recommender.Bundles.BundleFormatException">The bundle is damaged or not a bundle.</exception>
    public static RecommenderScoringEstimator ScoreWithRecommender(this TransformsCatalog catalog, RecommenderScoringEstimator.Options options) =>
        new(catalog, options);

    /// <summary>
    /// Lets <c>mlContext.Model.Load</c> rebuild pipelines with the recommender stage. Call once per
    /// <see cref="MLContext"/> before loading, as ML.NET asks for every custom mapping.
    /// </summary>
    public static void RegisterRecommender(this ComponentCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        catalog.RegisterAssembly(typeof(ScalarScoreMapping).Assembly);
    }
}
