using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;
using Recommender.Evaluation;
using Recommender.MLNet;
using Recommender.Scoring;
using Recommender.Splitting;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.MLNet;

/// <summary>
/// The stage's Score as ML.NET's ranking tools see it: <c>mlContext.Ranking.Evaluate</c> on its output, and as one
/// feature of a LightGBM LambdaRank ranker trained, evaluated and saved as one pipeline.
/// </summary>
[Collection(TorchTests.Name)]
public sealed class RankingCompositionTests : IClassFixture<TrainedBundles>, IDisposable
{
    private readonly TrainedBundles _trained;
    private readonly SavedBundle _saved;
    private readonly MLContext _context = new(seed: 1);

    public RankingCompositionTests(TrainedBundles trained)
    {
        _trained = trained;
        _saved = new SavedBundle(trained.Bundle);
    }

    public void Dispose() => _saved.Dispose();

    [Fact]
    public void Ranking_evaluate_on_the_stage_output_agrees_with_the_full_ranking_evaluator()
    {
        var split = _trained.Split;
        var data = _context.Data.LoadFromEnumerable(CandidateRows(split, split.Test));
        var scored = _context.Transforms.ScoreWithRecommender(_saved.Path)
            .Append(_context.Transforms.Conversion.MapValueToKey("GroupId", "User"))
            .Fit(data).Transform(data);

        var metrics = _context.Ranking.Evaluate(scored, rowGroupColumnName: "GroupId");
        using var session = new RecommenderSession(_trained.Bundle);
        var ours = FullRankingEvaluator.Evaluate(split, split.Test, session.AsScorer(split.Log.Items));

        Assert.Equal(ours.Get(MetricNames.Ndcg(10)), metrics.NormalizedDiscountedCumulativeGains[9], 5);
        Assert.Equal(ours.Get(MetricNames.Ndcg(5)), metrics.NormalizedDiscountedCumulativeGains[4], 5);
        Assert.Equal(ours.Get(MetricNames.HitRate(1)), metrics.NormalizedDiscountedCumulativeGains[0], 5);
    }

    [Fact]
    public void The_score_feeds_a_LightGBM_ranker_trained_evaluated_and_saved_as_one_pipeline()
    {
        var split = _trained.Split;
        var train = _context.Data.LoadFromEnumerable(CandidateRows(split, split.Validation));
        var test = _context.Data.LoadFromEnumerable(CandidateRows(split, split.Test));
        var pipeline = _context.Transforms.ScoreWithRecommender(_saved.Path, outputColumnName: "RecommenderScore")
            .Append(_context.Transforms.Conversion.MapValueToKey("GroupId", "User"))
            .Append(_context.Transforms.Concatenate("Features", "RecommenderScore", "Popularity", "HistoryLength"))
            .Append(_context.Ranking.Trainers.LightGbm(new LightGbmRankingTrainer.Options
            {
                RowGroupColumnName = "GroupId",
                NumberOfLeaves = 4,
                MinimumExampleCountPerLeaf = 2,
                NumberOfIterations = 30,
                NumberOfThreads = 1,
                Seed = 1,
            }));

        var model = pipeline.Fit(train);
        var ranker = _context.Ranking.Evaluate(model.Transform(test), rowGroupColumnName: "GroupId");
        var recommender = _context.Ranking.Evaluate(model.Transform(test), rowGroupColumnName: "GroupId", scoreColumnName: "RecommenderScore");

        // The cycle is learned, so the recommender alone ranks nearly every target first; the ranker keeps that.
        Assert.True(recommender.NormalizedDiscountedCumulativeGains[9] > 0.9, $"recommender NDCG@10 {recommender.NormalizedDiscountedCumulativeGains[9]}");
        Assert.True(ranker.NormalizedDiscountedCumulativeGains[9] > 0.9, $"ranker NDCG@10 {ranker.NormalizedDiscountedCumulativeGains[9]}");

        var path = _saved.Directory.File("ranker.zip");
        _context.Model.Save(model, train.Schema, path);
        var fresh = new MLContext(seed: 2);
        fresh.ComponentCatalog.RegisterRecommender();
        var loaded = fresh.Model.Load(path, out _);
        Assert.Equal(model.Transform(test).GetColumn<float>("Score"), loaded.Transform(test).GetColumn<float>("Score"));
    }

    /// <summary>
    /// One row per (example, eligible item) under the evaluator's protocol: every catalog item not in the history,
    /// plus the target (label 1) even when it was seen before.
    /// </summary>
    private static List<CandidateRow> CandidateRows(DataSplit split, IReadOnlyList<SplitExample> examples)
    {
        var log = split.Log;
        var popularity = log.CountItemInteractions();
        var rows = new List<CandidateRow>();
        foreach (var example in examples)
        {
            var input = split.GetInput(example).ToArray();
            var target = split.GetTarget(example);
            var seen = input.ToHashSet();
            var history = input.Select(log.Items.GetId).ToArray();
            foreach (var item in Enumerable.Range(1, log.ItemCount).Where(i => i == target || !seen.Contains(i)))
            {
                rows.Add(new CandidateRow
                {
                    User = log.Users.GetId(example.User),
                    History = history,
                    CandidateItem = log.Items.GetId(item),
                    Label = item == target ? 1 : 0,
                    Popularity = popularity[item],
                    HistoryLength = history.Length,
                });
            }
        }

        return rows;
    }

    internal sealed class CandidateRow
    {
        public string User { get; set; } = string.Empty;

        public string[] History { get; set; } = [];

        public string CandidateItem { get; set; } = string.Empty;

        public float Label { get; set; }

        public float Popularity { get; set; }

        public float HistoryLength { get; set; }
    }
}
