using Microsoft.ML;

namespace Recommender.MLNet.Training;

/// <summary>Adds the sequential recommender's training catalog to <see cref="MLContext"/>.</summary>
public static class MLContextExtensions
{
    /// <summary>The catalog of sequential recommender trainers: <c>mlContext.SequenceRecommender().Trainer(...)</c>.</summary>
    public static SequenceRecommenderCatalog SequenceRecommender(this MLContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new SequenceRecommenderCatalog(context);
    }
}
