using System.Diagnostics;
using System.Globalization;
using Recommender.Data;
using Recommender.Evaluation;
using Recommender.Scoring;
using Recommender.Splitting;
using Recommender.Training.Export;
using Recommender.Training.Modeling;
using Recommender.Training.Training;

namespace Recommender.Benchmarks;

/// <summary>
/// Does item text let the model recommend items it never saw in training? A global temporal split (cuts at the
/// 80 % and 90 % quantiles of time) leaves items whose first interaction comes after the first cut: cold items.
/// They are removed from the training data altogether, so the models have never heard of them; after export, the
/// session adds them from their text alone (<see cref="RecommenderSession.AddItems"/>), as a deployment would.
/// Every model is evaluated on the same test targets of the full data, split into cold and warm targets.
/// </summary>
internal static class ColdStart
{
    public static async Task RunAsync(string input, int epochs, IReadOnlyList<double> idDropouts)
    {
        var dataset = await DatasetLoader.LoadAsync(input);
        var catalog = dataset.Items ?? throw new ArgumentException($"{input} has no item catalog; cold items can only be placed by their text.");
        var full = dataset.Interactions;
        var (validationStart, testStart) = GlobalTemporalSplitter.CutTimes(full, 0.8, 0.9);
        var split = GlobalTemporalSplitter.Split(full, validationStart, testStart);
        var counts = PopularityScorer.CountTrainingInteractions(split);
        var coldIds = Enumerable.Range(1, full.ItemCount).Where(i => counts[i] == 0).Select(full.Items.GetId).ToHashSet();
        var coldTargets = split.Test.Where(e => coldIds.Contains(full.Items.GetId(split.GetTarget(e)))).ToList();
        var warmTargets = split.Test.Where(e => !coldIds.Contains(full.Items.GetId(split.GetTarget(e)))).ToList();

        var builder = new InteractionLogBuilder();
        foreach (var record in full.ToRecords().Where(r => !coldIds.Contains(r.ItemId)))
        {
            builder.Add(record);
        }

        var trainSplit = GlobalTemporalSplitter.Split(builder.Build().Log, validationStart, testStart);
        Console.WriteLine($"{input}: {coldIds.Count} of {full.ItemCount} items are cold (no interaction before the first cut); {split.Test.Count} test targets, {coldTargets.Count} of them cold");
        Console.WriteLine($"protocol: {split.Report.Protocol}; full ranking over the whole catalog, seen items excluded; {epochs} epochs, model chosen on validation NDCG@10");
        Console.WriteLine("| model | cold HR@10 | cold NDCG@10 | cold HR@100 | cold MRR | warm HR@10 | warm NDCG@10 | all NDCG@10 | training |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var idDropout in idDropouts.Append(double.NaN))
        {
            var withText = !double.IsNaN(idDropout);
            var watch = Stopwatch.StartNew();
            var options = new TrainingOptions { Epochs = epochs, Patience = epochs };
            var model = new SequenceModelOptions { MaxLength = 100, UseText = withText, IdDropout = withText ? idDropout : 0 };
            using var trained = new SequenceTrainer(options, model).Train(trainSplit, catalog);
            var minutes = watch.Elapsed.TotalMinutes;
            using var session = new RecommenderSession(BundleExporter.Export(trained, trainSplit, catalog));
            var added = withText ? session.AddItems(catalog.Items.Where(i => coldIds.Contains(i.Id))) : 0;
            var scorer = session.AsScorer(full.Items);
            Row(withText ? $"ids + text (id dropout {idDropout:P0}), {added} cold items added from their text" : "ids only (cannot place cold items: they rank last)", split, scorer, coldTargets, warmTargets, $"{minutes:F1} min");
        }

        Row("item-KNN (co-occurrence)", split, ItemKnnScorer.Fit(split), coldTargets, warmTargets, "");
        Row("Popularity", split, PopularityScorer.Fit(split), coldTargets, warmTargets, "");
        var chance = Enumerable.Range(1, 10).Sum(r => 1 / Math.Log2(r + 1)) / full.ItemCount;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"chance level (a uniformly random rank among {full.ItemCount} items): HR@10 {10.0 / full.ItemCount:F4}, NDCG@10 {chance:F4}, HR@100 {100.0 / full.ItemCount:F4}, MRR {Enumerable.Range(1, full.ItemCount).Sum(r => 1.0 / r) / full.ItemCount:F4}"));
    }

    private static void Row(string name, DataSplit split, IRecommenderScorer scorer, List<SplitExample> cold, List<SplitExample> warm, string training)
    {
        var coldResult = FullRankingEvaluator.Evaluate(split, cold, scorer, new EvaluationOptions { Ks = [10, 100] });
        var warmResult = FullRankingEvaluator.Evaluate(split, warm, scorer);
        var all = FullRankingEvaluator.Evaluate(split, split.Test, scorer);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {coldResult.Get(MetricNames.HitRate(10)):F4} | {coldResult.Get(MetricNames.Ndcg(10)):F4} | {coldResult.Get(MetricNames.HitRate(100)):F4} | {coldResult.Get(MetricNames.Mrr):F4} | {warmResult.Get(MetricNames.HitRate(10)):F4} | {warmResult.Get(MetricNames.Ndcg(10)):F4} | {all.Get(MetricNames.Ndcg(10)):F4} | {training} |"));
    }
}
