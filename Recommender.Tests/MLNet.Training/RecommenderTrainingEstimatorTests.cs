using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using Recommender.MLNet.Training;
using Recommender.Scoring;
using Recommender.Tests.TestSupport;
using Recommender.Training.Training;

namespace Recommender.Tests.MLNet.Training;

/// <summary>
/// The ML.NET trainer: interactions in an <see cref="IDataView"/> in, the scoring stage of the trained bundle out;
/// progress in <c>mlContext.Log</c>; the saved stage scores the same in a process without training code.
/// </summary>
[Collection(TorchTests.Name)]
public sealed class RecommenderTrainingEstimatorTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    /// <summary>The cyclic walk (each user steps through the 12 items in order) with times and item text, and two rows that cannot be used.</summary>
    private static List<Interaction> Interactions()
    {
        var rows = new List<Interaction>();
        for (var user = 0; user < 36; user++)
        {
            for (var step = 0; step < 8 + user % 5; step++)
            {
                var item = (user + step) % CyclicData.Items + 1;
                var text = CyclicData.Item(item);
                rows.Add(new Interaction { UserId = $"u{user}", ItemId = $"{item}", Time = 1_000 + step, Title = text.Title, Genres = text.GetText("genres") });
            }
        }

        rows.Add(new Interaction { UserId = "", ItemId = "3", Time = 5 });
        rows.Add(new Interaction { UserId = "u1", ItemId = " ", Time = 6 });
        return rows;
    }

    private static RecommenderTrainingEstimator.Options Options(string bundle) => new()
    {
        BundlePath = bundle,
        TimestampColumnName = "Time",
        TitleColumnName = "Title",
        GenresColumnName = "Genres",
        Epochs = 4,
        Seed = 3,
        Device = ComputeDevice.Cpu,
    };

    [Fact]
    public async Task Fit_trains_reports_to_the_log_and_returns_a_stage_that_scores_as_the_bundle_even_in_a_scoring_only_process()
    {
        var context = new MLContext(seed: 1);
        var log = new List<string>();
        context.Log += (_, e) =>
        {
            if (e.Source == "Recommender training")
            {
                lock (log)
                {
                    log.Add(e.RawMessage);
                }
            }
        };
        var bundle = _directory.File("trained.recbundle");
        var data = context.Data.LoadFromEnumerable(Interactions());

        var stage = context.SequenceRecommender().Trainer(Options(bundle)).Fit(data);

        Assert.True(File.Exists(bundle));
        Assert.Contains(log, l => l.StartsWith("epoch 4 of 4: loss", StringComparison.Ordinal));
        Assert.Contains(log, l => l.StartsWith("skipped 2 rows with an empty user or item id", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains("36 users and 12 items; 12 items with text", StringComparison.Ordinal));
        Assert.Contains(log, l => l == $"bundle: {bundle}");

        var rows = RecommenderScoringEstimatorTests.Rows.Select(r => new RecommenderScoringEstimatorTests.TextRow { History = r.History, CandidateItem = r.Candidate }).ToArray();
        var scoring = context.Data.LoadFromEnumerable(rows);
        var scores = stage.Transform(scoring).GetColumn<float>("Score").ToArray();
        using var session = RecommenderSession.Load(bundle);
        Assert.Equal([.. rows.Select(r => session.Score(r.History, [r.CandidateItem])[0])], scores, (a, b) => a == b || Math.Abs(a - b) <= 1e-5f);

        var pipeline = _directory.File("pipeline.zip");
        context.Model.Save(stage, scoring.Schema, pipeline);
        File.Delete(bundle);
        var (exit, output, errors) = await ScoringOnlyProcessTests.RunAsync(pipeline, _directory.Write("rows.json", JsonSerializer.Serialize(rows)));
        Assert.True(exit == 0, errors);
        Assert.Equal(scores, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(s => float.Parse(s, CultureInfo.InvariantCulture)));
        Assert.DoesNotContain(errors.Split('\n'), l => l.Contains("TorchSharp", StringComparison.Ordinal) || l.Contains("Recommender.Training", StringComparison.Ordinal));
    }

    [Fact]
    public void Int64_item_ids_give_a_stage_that_scores_Int64_ids_and_candidate_lists()
    {
        var context = new MLContext(seed: 1);
        var data = context.Data.LoadFromEnumerable(Interactions().Where(r => !string.IsNullOrWhiteSpace(r.ItemId) && r.UserId.Length > 0)
            .Select(r => new NumericInteraction { UserId = r.UserId, ItemId = long.Parse(r.ItemId, CultureInfo.InvariantCulture), Time = r.Time }));
        var options = Options(_directory.File("numeric.recbundle"));
        options.TitleColumnName = options.GenresColumnName = null;
        options.CandidateList = true;
        options.OutputColumnName = "Scores";

        var stage = context.SequenceRecommender().Trainer(options).Fit(data);

        var rows = context.Data.LoadFromEnumerable(new[] { new NumericList { History = [3, 4, 5], CandidateItem = [6, 1, 99] } });
        var scores = stage.Transform(rows).GetColumn<float[]>("Scores").Single();
        using var session = RecommenderSession.Load(options.BundlePath);
        Assert.Equal(session.Score(["3", "4", "5"], ["6", "1", "99"]), scores, (a, b) => a == b || Math.Abs(a - b) <= 1e-5f);
        Assert.Equal(float.NegativeInfinity, scores[2]);
    }

    [Fact]
    public void The_output_schema_is_the_scoring_input_and_the_score()
    {
        var context = new MLContext(seed: 1);

        // ML.NET makes schema shapes only from estimators: a mapping adds the interaction columns to an empty shape.
        var input = context.Transforms.CustomMapping<Nothing, Interaction>(static (_, _) => { }, contractName: null).GetOutputSchema(new SchemaShape([]));
        var shape = context.SequenceRecommender().Trainer(Options(_directory.File("never.recbundle"))).GetOutputSchema(input);

        Assert.Equal(["CandidateItem", "History", "Score"], shape.Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.Equal(NumberDataViewType.Single, shape.Single(c => c.Name == "Score").ItemType);
        Assert.False(File.Exists(_directory.File("never.recbundle")));
    }

    [Fact]
    public void A_missing_column_is_refused_naming_it_and_what_it_was_for()
    {
        var context = new MLContext(seed: 1);
        var options = Options(_directory.File("bad.recbundle"));
        options.UserColumnName = "Customer";

        var error = Assert.Throws<ArgumentException>(() => context.SequenceRecommender().Trainer(options).Fit(context.Data.LoadFromEnumerable(Interactions())));

        Assert.StartsWith("The input has no column 'Customer'; the recommender trainer reads user ids from it.", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(options.BundlePath));
    }

    [Fact]
    public void A_column_of_the_wrong_type_is_refused_naming_the_types_it_may_have()
    {
        var context = new MLContext(seed: 1);
        var options = Options(_directory.File("bad.recbundle"));
        options.TimestampColumnName = "Title";

        var error = Assert.Throws<ArgumentException>(() => context.SequenceRecommender().Trainer(options).Fit(context.Data.LoadFromEnumerable(Interactions())));

        Assert.StartsWith("Column 'Title' is String; the recommender trainer reads interaction times from it and expects Int64, Int32, Double, Single, DateTime or DateTimeOffset.", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(options.BundlePath));
    }

    [Fact]
    public void Options_out_of_range_are_refused_when_the_trainer_is_made()
    {
        var context = new MLContext(seed: 1);

        var noPath = Assert.Throws<ArgumentException>(() => context.SequenceRecommender().Trainer(new RecommenderTrainingEstimator.Options()));
        var epochs = Assert.Throws<ArgumentException>(() => context.SequenceRecommender().Trainer(new RecommenderTrainingEstimator.Options { BundlePath = "x.recbundle", Epochs = 0 }));

        Assert.Contains("Options.BundlePath", noPath.Message, StringComparison.Ordinal);
        Assert.StartsWith("Epochs must be at least 1", epochs.Message, StringComparison.Ordinal);
    }

    internal sealed class Interaction
    {
        public string UserId { get; set; } = string.Empty;

        public string ItemId { get; set; } = string.Empty;

        public long Time { get; set; }

        public string Title { get; set; } = string.Empty;

        public string Genres { get; set; } = string.Empty;
    }

    internal sealed class Nothing
    {
    }

    internal sealed class NumericInteraction
    {
        public string UserId { get; set; } = string.Empty;

        public long ItemId { get; set; }

        public long Time { get; set; }
    }

    internal sealed class NumericList
    {
        public long[] History { get; set; } = [];

        public long[] CandidateItem { get; set; } = [];
    }
}
