using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace Recommender.MLNet.Training;

/// <summary>
/// The entry point for training sequential recommenders in ML.NET: <c>mlContext.SequenceRecommender().Trainer(...)</c>.
/// It keeps the <see cref="MLContext"/> so that training reports through <c>mlContext.Log</c>.
/// </summary>
public sealed class SequenceRecommenderCatalog
{
    internal SequenceRecommenderCatalog(MLContext context) => Context = context;

    internal MLContext Context { get; }

    internal IHostEnvironment Environment => Context;

    /// <summary>Trains on interactions as <paramref name="options"/> say and returns the scoring stage of the trained bundle.</summary>
    /// <exception cref="ArgumentException">An option is missing or out of range; the message names it.</exception>
    public RecommenderTrainingEstimator Trainer(RecommenderTrainingEstimator.Options options) => new(this, options);

    /// <summary>Trains on interactions with the default settings chosen from the data.</summary>
    /// <param name="bundlePath">Where to write the trained bundle (<c>.recbundle</c>).</param>
    /// <param name="userColumnName">The user id column: String, Int64 or Int32.</param>
    /// <param name="itemColumnName">The item id column: String or Int64 (the id type the scoring stage then takes), or Int32.</param>
    /// <param name="timestampColumnName">The time of each interaction (Int64, Int32, Double, Single, DateTime or DateTimeOffset), or null when rows are in time order per user.</param>
    /// <exception cref="ArgumentException">An option is missing or out of range; the message names it.</exception>
    public RecommenderTrainingEstimator Trainer(string bundlePath, string userColumnName = RecommenderTrainingEstimator.Options.Defaults.UserColumnName,
        string itemColumnName = RecommenderTrainingEstimator.Options.Defaults.ItemColumnName, string? timestampColumnName = null) =>
        new(this, new RecommenderTrainingEstimator.Options
        {
            BundlePath = bundlePath,
            UserColumnName = userColumnName,
            ItemColumnName = itemColumnName,
            TimestampColumnName = timestampColumnName,
        });
}
