using Recommender.Cli.Charts;
using Recommender.Evaluation;
using Recommender.IO;
using Recommender.Scoring;
using Recommender.Splitting;

namespace Recommender.Cli.Commands;

/// <summary>
/// The evaluation that <c>evaluate</c> and <c>demo</c> share: the bundle and the baselines through the same
/// full-ranking evaluator on the same targets, reported with intervals and segments, and written to files.
/// </summary>
internal static class OfflineEvaluation
{
    public const string Popularity = "popularity";
    public const string ItemKnn = "item-knn";

    public static EvaluationReport Run(DataSplit split, IReadOnlyList<SplitExample> examples, RecommenderSession session, IEnumerable<string> baselines,
        EvaluationOptions options, int resamples, CancellationToken cancellationToken)
    {
        var model = session.Bundle.Manifest.Model;
        var name = $"attention model ({(model.UseText ? "ids + text" : "ids")})";
        var models = new List<ModelEvaluation>
        {
            new(name, FullRankingEvaluator.Evaluate(split, examples, session.AsScorer(split.Log.Items), options, cancellationToken)),
        };
        foreach (var baseline in baselines)
        {
            models.Add(baseline switch
            {
                Popularity => new ModelEvaluation("popularity", FullRankingEvaluator.Evaluate(split, examples, PopularityScorer.Fit(split), options, cancellationToken)),
                ItemKnn => new ModelEvaluation("item-KNN (co-occurrence)", FullRankingEvaluator.Evaluate(split, examples, ItemKnnScorer.Fit(split, ct: cancellationToken), options, cancellationToken)),
                _ => throw new ArgumentException($"Unknown baseline '{baseline}'; the baselines are {Popularity} and {ItemKnn}."),
            });
        }

        return EvaluationReport.Create(split, examples, models, resamples);
    }

    /// <summary>Writes the report as Markdown, JSON and a chart (PNG and SVG) into <paramref name="directory"/>; returns the files.</summary>
    public static IReadOnlyList<string> Write(EvaluationReport report, string directory)
    {
        Directory.CreateDirectory(directory);
        var markdown = Path.Combine(directory, "evaluation.md");
        var json = Path.Combine(directory, "evaluation.json");
        AtomicFile.Write(markdown, stream => Text(stream, report.ToMarkdown()));
        AtomicFile.Write(json, stream => Text(stream, report.ToJson()));
        string[] charts = [Path.Combine(directory, "evaluation.png"), Path.Combine(directory, "evaluation.svg")];
        foreach (var chart in charts)
        {
            MetricsFigure.Save(chart, report);
        }

        return [markdown, json, .. charts];
    }

    private static void Text(Stream stream, string text)
    {
        using var writer = new StreamWriter(stream, leaveOpen: true);
        writer.Write(text);
    }
}
