using System.Globalization;
using Recommender.Data;
using Recommender.Evaluation;
using Recommender.Scoring;
using Recommender.Splitting;
using Recommender.Training.Training;

namespace Recommender.Benchmarks;

/// <summary>
/// Test-target metrics of trained models (TorchSharp *.recmodel or bundles *.recbundle) against Popularity and item-KNN, overall and on cold-start targets
/// (items with at most <c>ColdStartInteractions</c> training interactions), as Markdown table rows.
/// </summary>
internal static class ModelEvaluation
{
    private const int ColdStartInteractions = 5;

    public static async Task RunAsync(string input, IReadOnlyList<string> models)
    {
        var dataset = await DatasetLoader.LoadAsync(input);
        var split = LeaveOneOutSplitter.Split(dataset.Interactions);
        var trainCounts = PopularityScorer.CountTrainingInteractions(split);
        var cold = split.Test.Where(e => trainCounts[split.GetTarget(e)] <= ColdStartInteractions).ToList();
        var scorers = new List<(string Name, IRecommenderScorer Scorer)>
        {
            ("Popularity", PopularityScorer.Fit(split)),
            ("item-KNN", ItemKnnScorer.Fit(split)),
        };
        var disposables = new List<IDisposable>();
        foreach (var path in models)
        {
            if (path.EndsWith(".recbundle", StringComparison.OrdinalIgnoreCase))
            {
                var session = RecommenderSession.Load(path);
                disposables.Add(session);
                var training = session.Bundle.Manifest.Training;
                scorers.Add(($"{Path.GetFileName(path)} (ONNX Runtime, epoch {training.BestEpoch}{(session.Bundle.Manifest.Model.UseText ? ", text" : ", no text")})", session.AsScorer(dataset.Interactions.Items)));
            }
            else
            {
                var model = TrainedRecommender.Load(path);
                disposables.Add(model);
                scorers.Add(($"{Path.GetFileName(path)} (TorchSharp, epoch {model.BestEpoch}{(model.Model.Options.UseText ? ", text" : ", no text")})", model.CreateScorer()));
            }
        }

        Console.WriteLine($"{input}: {split.Test.Count} test targets, of which {cold.Count} cold-start (target item with ≤ {ColdStartInteractions} training interactions)");
        Console.WriteLine("| model | HR@10 | NDCG@10 | MRR | cold-start HR@10 | cold-start NDCG@10 |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        string? protocol = null;
        foreach (var (name, scorer) in scorers)
        {
            var all = FullRankingEvaluator.Evaluate(split, split.Test, scorer);
            var coldResult = cold.Count > 0 ? FullRankingEvaluator.Evaluate(split, cold, scorer) : null;
            protocol ??= all.Protocol;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {all.Get(MetricNames.HitRate(10)):F4} | {all.Get(MetricNames.Ndcg(10)):F4} | {all.Get(MetricNames.Mrr):F4} | {coldResult?.Get(MetricNames.HitRate(10)) ?? double.NaN:F4} | {coldResult?.Get(MetricNames.Ndcg(10)) ?? double.NaN:F4} |"));
        }

        Console.WriteLine($"protocol: {protocol}");
        disposables.ForEach(d => d.Dispose());
    }
}
