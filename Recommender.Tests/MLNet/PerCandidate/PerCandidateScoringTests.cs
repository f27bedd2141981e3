using Microsoft.ML;
using Microsoft.ML.Data;
using Recommender.MLNet;
using Recommender.Scoring;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.MLNet.PerCandidate;

/// <summary>
/// One candidate per row, grouped by user: scores equal the session's whether rows come grouped, interleaved or
/// repeated, from one cursor, two cursors taking turns, prediction engines on several threads, or a saved and
/// loaded pipeline.
/// </summary>
[Collection(TorchTests.Name)]
public sealed class PerCandidateScoringTests : IClassFixture<TrainedBundles>, IDisposable
{
    private readonly TrainedBundles _trained;
    private readonly SavedBundle _saved;
    private readonly MLContext _context = new(seed: 1);

    public PerCandidateScoringTests(TrainedBundles trained)
    {
        _trained = trained;
        _saved = new SavedBundle(trained.Bundle);
    }

    public void Dispose() => _saved.Dispose();

    /// <summary>Users with every candidate of the catalog and two unknown ones, in the ranking layout: a user's rows together.</summary>
    private static RecommenderScoringEstimatorTests.TextRow[] Grouped()
    {
        string[][] histories = [["1", "2", "3"], ["7", "unknown", "8"], [], ["unknown"], ["3", "4", "5"], [.. Enumerable.Range(1, 14).Select(i => $"{(i % 12) + 1}")], ["1", "2", "3"]];
        string[] candidates = [.. Enumerable.Range(1, CyclicData.Items).Select(i => $"{i}"), "not-an-item", ""];
        return [.. histories.SelectMany(h => candidates.Select(c => new RecommenderScoringEstimatorTests.TextRow { History = h, CandidateItem = c }))];
    }

    [Fact]
    public void Grouped_rows_score_as_the_session_scores_each_candidate()
    {
        var rows = Grouped();
        var data = _context.Data.LoadFromEnumerable(rows);

        var scores = _context.Transforms.ScoreWithRecommender(_saved.Path).Fit(data).Transform(data).GetColumn<float>("Score").ToArray();

        Assert.Equal(SessionScores(rows), scores, Close);
    }

    [Fact]
    public void Rows_in_any_order_score_the_same_as_grouped_ones()
    {
        var rows = Grouped().OrderBy(r => r.CandidateItem, StringComparer.Ordinal).ThenBy(r => r.History.Length).ToArray();
        var data = _context.Data.LoadFromEnumerable(rows);

        var scores = _context.Transforms.ScoreWithRecommender(_saved.Path).Fit(data).Transform(data).GetColumn<float>("Score").ToArray();

        Assert.Equal(SessionScores(rows), scores, Close);
    }

    [Fact]
    public void Two_cursors_moved_in_turn_on_one_thread_score_as_the_session()
    {
        var rows = Grouped();
        var data = _context.Data.LoadFromEnumerable(rows);
        var output = _context.Transforms.ScoreWithRecommender(_saved.Path).Fit(data).Transform(data);
        var expected = SessionScores(rows);
        var column = output.Schema["Score"];

        using var forward = output.GetRowCursor([column]);
        using var second = output.GetRowCursor([column]);
        var forwardScore = forward.GetGetter<float>(column);
        var secondScore = second.GetGetter<float>(column);
        second.MoveNext();
        for (var i = 0; forward.MoveNext(); i++)
        {
            // The second cursor lags one group of rows behind, so the two see different histories at every step.
            if (i >= CyclicData.Items + 2)
            {
                second.MoveNext();
                var lagging = 0f;
                secondScore(ref lagging);
                Assert.True(Close(expected[second.Position], lagging), $"row {second.Position}");
            }

            var value = 0f;
            forwardScore(ref value);
            Assert.True(Close(expected[i], value), $"row {i}");
        }
    }

    [Fact]
    public async Task Prediction_engines_on_several_threads_score_as_the_session()
    {
        var rows = Grouped();
        var data = _context.Data.LoadFromEnumerable(rows);
        var model = _context.Transforms.ScoreWithRecommender(_saved.Path).Fit(data);
        var expected = SessionScores(rows);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            using var engine = _context.Model.CreatePredictionEngine<RecommenderScoringEstimatorTests.TextRow, ScoreOutput>(model);
            return rows.Skip(t).Concat(rows.Take(t)).Select(r => engine.Predict(r).Score).ToArray();
        })));

        for (var t = 0; t < results.Length; t++)
        {
            Assert.Equal([.. expected.Skip(t), .. expected.Take(t)], results[t], Close);
        }
    }

    [Fact]
    public void A_saved_pipeline_carries_the_bundle_and_scores_the_same_without_it()
    {
        var rows = Grouped();
        var data = _context.Data.LoadFromEnumerable(rows);
        var model = _context.Transforms.ScoreWithRecommender(_saved.Path).Fit(data);
        var path = _saved.Directory.File("pipeline.zip");
        _context.Model.Save(model, data.Schema, path);
        var copy = _saved.Directory.File("moved.recbundle");
        File.Move(_saved.Path, copy);
        try
        {
            var context = new MLContext(seed: 2);
            context.ComponentCatalog.RegisterRecommender();
            var loaded = context.Model.Load(path, out _);

            var scores = loaded.Transform(context.Data.LoadFromEnumerable(rows)).GetColumn<float>("Score").ToArray();

            Assert.Equal(SessionScores(rows), scores, Close);
        }
        finally
        {
            File.Move(copy, _saved.Path);
        }
    }

    private float[] SessionScores(RecommenderScoringEstimatorTests.TextRow[] rows)
    {
        using var session = new RecommenderSession(_trained.Bundle);
        return [.. rows.Select(r => session.Score(r.History, [r.CandidateItem])[0])];
    }

    private static bool Close(float a, float b) => a == b || Math.Abs(a - b) <= 1e-5f;

    private sealed class ScoreOutput
    {
        public float Score { get; set; }
    }
}
