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
    public static async Task RunAsync(string input, bool sequencesText, IReadOnlyList<double> easeLambdas)
    {
        var options = new DataReadOptions { Format = sequencesText ? InteractionFormat.SequenceText : InteractionFormat.Auto };
        var dataset = await DatasetLoader.LoadAsync(input, options: options);
        var split = LeaveOneOutSplitter.Split(dataset.Interactions);
        var fits = new List<(string Name, Func<IRecommenderScorer> Fit)>
        {
            ("Popularity", () => PopularityScorer.Fit(split)),
            ("item-KNN", () => ItemKnnScorer.Fit(split)),
            ("item-transition", () => ItemTransitionScorer.Fit(split)),
        };
        foreach (var lambda in easeLambdas.DefaultIfEmpty(EaseOptions.Defaults.Lambda))
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
