using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Recommender.MLNet;
using Recommender.Scoring;
using Recommender.Splitting;

namespace Recommender.Benchmarks;

/// <summary>
/// Candidate rows per second through the ML.NET stage against the batched <see cref="RecommenderSession"/> on the
/// same rows, in one run: users of the test split, each with the same number of candidates (the target and random
/// items), scored one candidate per row (ML.NET runs the graph once per row), as one candidate list per row (one
/// graph run per user), and by <see cref="RecommenderSession.ScoreBatch"/> (batches of users).
/// </summary>
internal static class MLNetScoring
{
    public static async Task RunAsync(string input, int users, int candidates, int repeats)
    {
        using var spread = await SpreadModel.LoadAsync(input);
        var bundlePath = Path.Combine(Path.GetTempPath(), $"mlnet-scoring-{Environment.ProcessId}.recbundle");
        spread.Bundle.Save(bundlePath);
        try
        {
            Measure(bundlePath, spread.Bundle, Users(spread.Split, users, candidates), candidates, repeats);
        }
        finally
        {
            File.Delete(bundlePath);
        }
    }

    private static void Measure(string bundlePath, Bundles.ModelBundle bundle, ListRow[] users, int candidates, int repeats)
    {
        var rows = users.Length * candidates;
        Console.WriteLine($"{users.Length:N0} users x {candidates} candidates = {rows:N0} candidate rows (mean history {users.Average(u => u.History.Length):F0}, the model reads the latest {bundle.Manifest.Model.MaxHistory}), {bundle.Manifest.Model.ItemCount:N0} items, {Environment.ProcessorCount} cores");
        var context = new MLContext(seed: 0);
        var single = context.Data.LoadFromEnumerable(users.SelectMany(u => u.Candidates.Select(c => new SingleRow { History = u.History, CandidateItem = c })).ToArray());
        var lists = context.Data.LoadFromEnumerable(users);
        var singleModel = context.Transforms.ScoreWithRecommender(bundlePath).Fit(single);
        var listModel = context.Transforms.ScoreWithRecommender(bundlePath).Fit(lists);
        using var session = new RecommenderSession(bundle);
        var histories = users.Select(u => (IEnumerable<string>)u.History).ToArray();
        var candidateLists = users.Select(u => (IReadOnlyList<string>)u.Candidates).ToArray();

        float[] SingleScores() => [.. singleModel.Transform(single).GetColumn<float>("Score")];
        float[] ListScores() => [.. listModel.Transform(lists).GetColumn<float[]>("Score").SelectMany(s => s)];
        float[] SessionScores() => [.. session.ScoreBatch(histories, candidateLists).SelectMany(s => s)];

        // Warm up and check all three agree before timing.
        var reference = SessionScores();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"max |score difference| vs the session: one candidate per row {MaxDifference(reference, SingleScores()):E1}, candidate lists {MaxDifference(reference, ListScores()):E1}"));

        var rates = new Dictionary<string, List<double>> { ["ML.NET, one candidate per row"] = [], ["ML.NET, a candidate list per row"] = [], ["RecommenderSession.ScoreBatch"] = [] };
        Func<float[]>[] runs = [SingleScores, ListScores, SessionScores];
        for (var r = 0; r < repeats; r++)
        {
            foreach (var (name, run) in rates.Keys.Zip(runs))
            {
                var watch = Stopwatch.StartNew();
                run();
                rates[name].Add(rows / watch.Elapsed.TotalSeconds);
            }
        }

        var sessionRate = ScoringSpeed.Median(rates["RecommenderSession.ScoreBatch"]);
        foreach (var (name, values) in rates)
        {
            var median = ScoringSpeed.Median(values);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {median:N0} candidate rows/s (median of {repeats}; runs {string.Join(", ", values.Select(v => v.ToString("N0", CultureInfo.InvariantCulture)))}); session / this = {sessionRate / median:F2}x"));
        }

        Console.WriteLine($"peak working set: {ScoringSpeed.PeakMegabytes()} MB");
    }

    private static ListRow[] Users(DataSplit split, int users, int candidates)
    {
        var log = split.Log;
        var random = new Random(5);
        var examples = split.Test.ToArray();
        random.Shuffle(examples);
        return [.. examples.Take(users).Select(e => new ListRow
        {
            History = [.. split.GetInput(e).ToArray().Select(log.Items.GetId)],
            Candidates = [log.Items.GetId(split.GetTarget(e)), .. Enumerable.Range(1, candidates - 1).Select(_ => log.Items.GetId(random.Next(1, log.ItemCount + 1)))],
        })];
    }

    private static float MaxDifference(float[] expected, float[] actual) =>
        expected.Length != actual.Length ? float.NaN : expected.Zip(actual, (a, b) => Math.Abs(a - b)).Max();

    private sealed class SingleRow
    {
        public string[] History { get; set; } = [];

        public string CandidateItem { get; set; } = string.Empty;
    }

    private sealed class ListRow
    {
        public string[] History { get; set; } = [];

        [ColumnName("CandidateItem")]
        public string[] Candidates { get; set; } = [];
    }
}
