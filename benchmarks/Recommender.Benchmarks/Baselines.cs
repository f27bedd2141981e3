using System.Diagnostics;
using System.Globalization;
using Recommender.Data;
using Recommender.Evaluation;
using Recommender.Splitting;

namespace Recommender.Benchmarks;

/// <summary>
/// Every baseline on a dataset's leave-one-out targets (validation and test), with fit and evaluation times, as
/// Markdown table rows; EASE once per penalty asked for, so that its penalty is chosen on validation.
/// </summary>
internal static class Baselines
{
    /// <param name="input">The dataset.</param>
    /// <param name="sequencesText">Read it as <c>sequences-text</c>.</param>
    /// <param name="easeLambdas">EASE's penalties to try (none: the default; 0 alone: no EASE).</param>
    /// <param name="throughValidation">
    /// Fit on everything before each user's test target (training prefixes and validation targets), as a protocol that
    /// retrains before testing would; reported in the validation column is then the test target itself.
    /// </param>
    public static async Task RunAsync(string input, bool sequencesText, IReadOnlyList<double> easeLambdas, bool throughValidation)
    {
        var options = new DataReadOptions { Format = sequencesText ? InteractionFormat.SequenceText : InteractionFormat.Auto };
        var dataset = await DatasetLoader.LoadAsync(input, options: options);
        var log = dataset.Interactions;
        if (throughValidation)
        {
            // Each user gains one last interaction with an item nobody else has, so the split's training prefixes reach
            // through the validation target and its validation targets are the real test targets.
            var builder = new InteractionLogBuilder { Duplicates = DuplicateHandling.Keep };
            foreach (var record in log.ToRecords())
            {
                builder.Add(record);
            }

            for (var user = 1; user <= log.UserCount; user++)
            {
                long? after = log.HasTimestamps ? log.GetTimestamps(user)[^1] + 1 : null;
                builder.Add(new InteractionRecord(log.Users.GetId(user), "__end__", after));
            }

            log = builder.Build().Log;
            Console.WriteLine("fitted through the validation targets: the validation column holds the test targets (one extra item, never a target, in the catalog)");
        }

        var split = LeaveOneOutSplitter.Split(log);
        var fits = new List<(string Name, Func<IRecommenderScorer> Fit)>
        {
            ("Popularity", () => PopularityScorer.Fit(split)),
            ("item-KNN", () => ItemKnnScorer.Fit(split)),
            ("item-transition", () => ItemTransitionScorer.Fit(split)),
        };
        foreach (var lambda in easeLambdas.DefaultIfEmpty(EaseOptions.Defaults.Lambda).Where(l => l > 0))
        {
            var ease = new EaseOptions { Lambda = lambda };
            if (EaseScorer.Fits(split.Log.ItemCount, ease))
            {
                fits.Add(($"EASE λ={lambda.ToString(CultureInfo.InvariantCulture)}", () => EaseScorer.Fit(split, ease)));
            }
        }

        Console.WriteLine($"{input}: {split.Log.UserCount:N0} users, {split.Log.ItemCount:N0} items, {split.Test.Count:N0} test targets");
        Console.WriteLine("| baseline | validation NDCG@10 | test HR@10 | test NDCG@10 | fit s | test evaluation s |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        string? protocol = null;
        foreach (var (name, fit) in fits)
        {
            var clock = Stopwatch.StartNew();
            var scorer = fit();
            var fitted = clock.Elapsed.TotalSeconds;
            var validation = FullRankingEvaluator.Evaluate(split, split.Validation, scorer);
            clock.Restart();
            var test = FullRankingEvaluator.Evaluate(split, split.Test, scorer);
            protocol ??= test.Protocol;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {validation.Get(MetricNames.Ndcg(10)):F4} | {test.Get(MetricNames.HitRate(10)):F4} | {test.Get(MetricNames.Ndcg(10)):F4} | {fitted:F1} | {clock.Elapsed.TotalSeconds:F1} |"));
        }

        Console.WriteLine($"protocol: {protocol}");
    }
}
