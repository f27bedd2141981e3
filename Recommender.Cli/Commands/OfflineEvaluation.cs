using System.Diagnostics;
using System.Globalization;
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
    public const string ItemTransition = "item-transition";
    public const string Ease = "ease";

    /// <summary>Every baseline, in the order reports show them: the default of <c>evaluate</c> and the demo.</summary>
    public static readonly IReadOnlyList<string> AllBaselines = [Popularity, ItemKnn, ItemTransition, Ease];

    /// <summary>The comma-separated list of <see cref="AllBaselines"/>, as the CLI's default.</summary>
    public static string AllBaselinesList => string.Join(',', AllBaselines);

    /// <summary>
    /// Evaluates the bundle and the named baselines on <paramref name="examples"/>. A baseline that cannot be fitted on
    /// this data (EASE on a catalog too large for its dense matrix) is skipped, and <paramref name="note"/> says why.
    /// </summary>
    public static EvaluationReport Run(DataSplit split, IReadOnlyList<SplitExample> examples, RecommenderSession session, IEnumerable<string> baselines,
        EvaluationOptions options, int resamples, Action<string> note, CancellationToken cancellationToken)
    {
        var model = session.Bundle.Manifest.Model;
        var name = $"attention model ({(model.UseText ? "ids + text" : "ids")}{(model.Transitions is null ? "" : ", + item-transition term")})";
        var models = new List<ModelEvaluation>
        {
            new(name, FullRankingEvaluator.Evaluate(split, examples, session.AsScorer(split.Log.Items), options, cancellationToken)),
        };
        foreach (var baseline in baselines)
        {
            var clock = Stopwatch.StartNew();
            var (label, scorer) = Fit(baseline, split, note, cancellationToken);
            if (scorer is null)
            {
                continue;
            }

            var fitted = clock.Elapsed;
            models.Add(new ModelEvaluation(label, FullRankingEvaluator.Evaluate(split, examples, scorer, options, cancellationToken)));
            note(string.Create(CultureInfo.InvariantCulture, $"{label}: fitted in {fitted.TotalSeconds:F1} s, evaluated in {(clock.Elapsed - fitted).TotalSeconds:F1} s"));
        }

        return EvaluationReport.Create(split, examples, models, resamples);
    }

    /// <summary>Checks a list of baseline names; returns the first unknown one, or null.</summary>
    public static string? Unknown(IEnumerable<string> baselines) => baselines.FirstOrDefault(b => !AllBaselines.Contains(b));

    private static (string Label, IRecommenderScorer? Scorer) Fit(string baseline, DataSplit split, Action<string> note, CancellationToken cancellationToken)
    {
        switch (baseline)
        {
            case Popularity:
                return ("popularity", PopularityScorer.Fit(split));
            case ItemKnn:
                return ("item-KNN (co-occurrence)", ItemKnnScorer.Fit(split, ct: cancellationToken));
            case ItemTransition:
                return ("item-transition", ItemTransitionScorer.Fit(split, ct: cancellationToken));
            case Ease:
                var ease = new EaseOptions();
                if (!EaseScorer.Fits(split.Log.ItemCount, ease))
                {
                    note(string.Create(CultureInfo.InvariantCulture,
                        $"EASE skipped: its dense item × item matrix is fitted for catalogs of up to {ease.MaxItems:N0} items; this one has {split.Log.ItemCount:N0}."));
                    return ("EASE", null);
                }

                return ("EASE (linear item-item)", EaseScorer.Fit(split, ease, cancellationToken));
            default:
                throw new ArgumentException($"Unknown baseline '{baseline}'; the baselines are {AllBaselinesList}.", nameof(baseline));
        }
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
