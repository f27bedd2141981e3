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
    private readonly SavedBundle _saved;
    private readonly MLContext _context = new(seed: 1);

    public RecommenderScoringEstimatorTests(TrainedBundles trained)
    {
        _trained = trained;
        _saved = new SavedBundle(trained.Bundle);
    }

    public void Dispose() => _saved.Dispose();

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

        var scores = _context.Transforms.ScoreWithRecommender(_saved.Path).Fit(data).Transform(data).GetColumn<float>("Score").ToArray();

        Assert.Equal(SessionScores(), scores, Close);
    }

    [Fact]
    public void Scores_equal_the_scoring_sessions_for_int64_ids()
    {
        // Int64 columns cannot hold an unknown text id; a number the bundle does not have plays its part.
        static long Id(string id) => long.TryParse(id, CultureInfo.InvariantCulture, out var value) ? value : 99;
        var data = _context.Data.LoadFromEnumerable(Rows.Select(r => new Int64Row { History = [.. r.History.Select(Id)], CandidateItem = Id(r.Candidate) }));

        var scores = _context.Transforms.ScoreWithRecommender(_saved.Path).Fit(data).Transform(data).GetColumn<float>("Score").ToArray();

        Assert.Equal(SessionScores(), scores, Close);
    }

    [Fact]
    public void A_candidate_list_per_row_gets_a_vector_of_scores_equal_to_the_sessions()
    {
        var rows = Rows.Select(r => new ListRow { History = r.History, Candidates = [r.Candidate, "1", "12", "nope"] }).ToArray();
        var data = _context.Data.LoadFromEnumerable(rows);

        var output = _context.Transforms.ScoreWithRecommender(_saved.Path, candidateColumnName: "Candidates", outputColumnName: "Scores").Fit(data).Transform(data);

        Assert.IsType<VectorDataViewType>(output.Schema["Scores"].Type);
        using var session = new RecommenderSession(_trained.Bundle);
        var actual = output.GetColumn<float[]>("Scores").ToArray();
        for (var i = 0; i < rows.Length; i++)
        {
            Assert.Equal(session.Score(rows[i].History, rows[i].Candidates), actual[i], Close);
        }
    }

    [Fact]
    public void The_output_schema_is_known_before_fitting_and_only_the_score_is_added()
    {
        var data = _context.Data.LoadFromEnumerable(Array.Empty<TextRow>());
        var estimator = _context.Transforms.ScoreWithRecommender(_saved.Path);

        var shape = estimator.GetOutputSchema(MLNetSchemas.Shape(data.Schema));

        Assert.Equal(["CandidateItem", "History", "Score"], shape.Select(c => c.Name).Order());
        var score = shape.Single(c => c.Name == "Score");
        Assert.Equal(SchemaShape.Column.VectorKind.Scalar, score.Kind);
        Assert.Equal(NumberDataViewType.Single, score.ItemType);

        var fitted = estimator.Fit(data).GetOutputSchema(data.Schema);
        Assert.Equal(["History", "CandidateItem", "Score"], fitted.Where(c => !c.IsHidden).Select(c => c.Name));
        Assert.Equal(NumberDataViewType.Single, fitted["Score"].Type);
    }

    private static readonly string[] OneItem = ["1"];
    private static readonly float[] OneNumber = [1f];

    public static TheoryData<string, string, string> BadInputs => new()
    {
        { "NoHistory", "History", "has no column 'History'" },
        { "ScalarHistory", "History", "is a scalar String; the history must be a vector" },
        { "FloatHistory", "History", "is a vector of Single; the history must be a vector of Int64 or String" },
        { "MixedTypes", "CandidateItem", "is a scalar Int64; the candidate must be one String item id" },
        { "Reserved", "recommender_scores", "a name the recommender stage uses" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Bad_input_columns_are_refused_before_and_at_fit_naming_the_column_and_the_type_expected(string kind, string column, string message)
    {
        var data = kind switch
        {
            "NoHistory" => _context.Data.LoadFromEnumerable(new[] { new { Items = OneItem, CandidateItem = "2" } }),
            "ScalarHistory" => _context.Data.LoadFromEnumerable(new[] { new { History = "1 2", CandidateItem = "2" } }),
            "FloatHistory" => _context.Data.LoadFromEnumerable(new[] { new { History = OneNumber, CandidateItem = "2" } }),
            "MixedTypes" => _context.Data.LoadFromEnumerable(new[] { new { History = OneItem, CandidateItem = 2L } }),
            _ => _context.Data.LoadFromEnumerable(new[] { new { History = OneItem, CandidateItem = "2", recommender_scores = 1f } }),
        };
        var estimator = _context.Transforms.ScoreWithRecommender(_saved.Path);

        var beforeFit = Assert.Throws<ArgumentException>(() => estimator.GetOutputSchema(MLNetSchemas.Shape(data.Schema)));
        var atFit = Assert.Throws<ArgumentException>(() => estimator.Fit(data));

        foreach (var error in new[] { beforeFit, atFit })
        {
            Assert.Contains($"'{column}'", error.Message, StringComparison.Ordinal);
            Assert.Contains(message, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_damaged_bundle_is_refused_when_the_stage_is_made()
    {
        var damaged = _saved.Directory.Write("damaged.recbundle", "not a zip");

        var error = Assert.Throws<Recommender.Bundles.BundleFormatException>(() => _context.Transforms.ScoreWithRecommender(damaged));

        Assert.Contains("damaged.recbundle", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_saved_pipeline_loads_in_a_fresh_context_and_gives_the_same_scores()
    {
        var data = _context.Data.LoadFromEnumerable(Rows.Select(r => new TextRow { History = r.History, CandidateItem = r.Candidate }));
        var pipeline = _context.Transforms.CopyColumns("Items", "History")
            .Append(_context.Transforms.ScoreWithRecommender(_saved.Path, historyColumnName: "Items"))
            .Append(_context.Transforms.NormalizeMinMax("ScaledScore", "Score"));
        var model = pipeline.Fit(data);
        var path = _saved.Directory.File("pipeline.zip");
        _context.Model.Save(model, data.Schema, path);

        var fresh = new MLContext(seed: 2);
        fresh.ComponentCatalog.RegisterRecommender();
        var loaded = fresh.Model.Load(path, out var inputSchema);

        Assert.Equal(["History", "CandidateItem"], inputSchema.Select(c => c.Name));
        var before = model.Transform(data);
        var after = loaded.Transform(fresh.Data.LoadFromEnumerable(Rows.Select(r => new TextRow { History = r.History, CandidateItem = r.Candidate })));
        Assert.Equal(before.GetColumn<float>("Score"), after.GetColumn<float>("Score"));
        Assert.Equal(before.GetColumn<float>("ScaledScore"), after.GetColumn<float>("ScaledScore"));
        Assert.Equal(SessionScores(), after.GetColumn<float>("Score").ToArray(), Close);
    }

    [Fact]
    public void A_prediction_engine_scores_one_row_at_a_time_from_several_threads()
    {
        var data = _context.Data.LoadFromEnumerable(Array.Empty<TextRow>());
        var model = _context.Transforms.ScoreWithRecommender(_saved.Path).Fit(data);
        var expected = SessionScores();

        // A prediction engine is not thread-safe; ML.NET's rule is one per thread over the shared transformer.
        var actual = new float[8][];
        Parallel.For(0, actual.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, t =>
        {
            using var engine = _context.Model.CreatePredictionEngine<TextRow, Prediction>(model);
            actual[t] = [.. Enumerable.Range(0, 5).SelectMany(_ => Rows.Select(r => engine.Predict(new TextRow { History = r.History, CandidateItem = r.Candidate }).Score))];
        });

        foreach (var scores in actual)
        {
            Assert.Equal(Enumerable.Repeat(expected, 5).SelectMany(s => s), scores, Close);
        }
    }

    [Fact]
    public void Asking_for_CUDA_where_there_is_none_falls_back_to_the_CPU_with_a_message_or_fails_when_told_to()
    {
        var data = _context.Data.LoadFromEnumerable(Rows.Select(r => new TextRow { History = r.History, CandidateItem = r.Candidate }));

        var estimator = _context.Transforms.ScoreWithRecommender(new RecommenderScoringEstimator.Options { BundlePath = _saved.Path, GpuDeviceId = 0 });
        var error = Assert.Throws<InvalidOperationException>(() => _context.Transforms.ScoreWithRecommender(new RecommenderScoringEstimator.Options { BundlePath = _saved.Path, GpuDeviceId = 0, FallbackToCpu = false }));

        Assert.Contains("CUDA was requested but cannot be used here", estimator.FallbackMessage, StringComparison.Ordinal);
        Assert.EndsWith("Scoring on the CPU.", estimator.FallbackMessage, StringComparison.Ordinal);
        Assert.Contains("FallbackToCpu is off", error.Message, StringComparison.Ordinal);
        Assert.Equal(SessionScores(), estimator.Fit(data).Transform(data).GetColumn<float>("Score").ToArray(), Close);
    }

    [Fact]
    public void Int64_id_columns_are_refused_for_a_bundle_whose_ids_are_not_integers()
    {
        var items = new Recommender.Data.IdMap(["10", "abc"]);

        var error = Assert.Throws<InvalidOperationException>(() => ItemIdLookup.Int64(items, "model.recbundle"));

        Assert.Contains("model.recbundle: item id 'abc' is not an integer", error.Message, StringComparison.Ordinal);
        Assert.Equal([new(10L, 1L)], ItemIdLookup.Int64(new Recommender.Data.IdMap(["10"]), "b"));
        Assert.Contains("the same integer", Assert.Throws<InvalidOperationException>(() => ItemIdLookup.Int64(new Recommender.Data.IdMap(["7", "07"]), "b")).Message, StringComparison.Ordinal);
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

    internal sealed class ListRow
    {
        public string[] History { get; set; } = [];

        public string[] Candidates { get; set; } = [];
    }

    internal sealed class Prediction
    {
        public float Score { get; set; }
    }

    internal sealed class Int64Row
    {
        public long[] History { get; set; } = [];

        public long CandidateItem { get; set; }
    }
}
