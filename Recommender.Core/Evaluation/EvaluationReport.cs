using System.Globalization;
using System.Text;
using System.Text.Json;
using Recommender.Splitting;

namespace Recommender.Evaluation;

/// <summary>
/// Models evaluated on the same examples, side by side: every metric, bootstrap confidence intervals of the headline
/// metrics and of each model's difference from the first, metrics by segment, and sampled metrics when they were
/// asked for (labelled as such). Renders as Markdown or JSON, always with the protocol beside the numbers.
/// </summary>
public sealed class EvaluationReport
{
    /// <summary>The metrics given with confidence intervals.</summary>
    public static readonly IReadOnlyList<string> Headline = [MetricNames.Ndcg(10), MetricNames.HitRate(10), MetricNames.Mrr];

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    private EvaluationReport(string protocol, IReadOnlyList<ModelEvaluation> models, IReadOnlyList<IntervalRow> intervals, IReadOnlyList<IntervalRow> differences,
        string? strongestBaseline, IReadOnlyList<IntervalRow> againstStrongest, IReadOnlyList<SegmentRow> segments, int resamples)
    {
        StrongestBaseline = strongestBaseline;
        AgainstStrongest = againstStrongest;
        Protocol = protocol;
        Models = models;
        Intervals = intervals;
        Differences = differences;
        Segments = segments;
        Resamples = resamples;
    }

    /// <summary>The protocol every model was evaluated under.</summary>
    public string Protocol { get; }

    /// <summary>The models, the first being the one the others are compared with.</summary>
    public IReadOnlyList<ModelEvaluation> Models { get; }

    /// <summary>95 % bootstrap intervals of the <see cref="Headline"/> metrics, per model.</summary>
    public IReadOnlyList<IntervalRow> Intervals { get; }

    /// <summary>Each other model's headline metrics minus the first model's, with paired 95 % bootstrap intervals.</summary>
    public IReadOnlyList<IntervalRow> Differences { get; }

    /// <summary>
    /// The other model (a baseline) with the highest NDCG@10, the one the first model must beat; null when the first
    /// model is alone.
    /// </summary>
    public string? StrongestBaseline { get; }

    /// <summary>
    /// The first model's headline metrics minus <see cref="StrongestBaseline"/>'s, with paired 95 % bootstrap
    /// intervals: an interval above zero means the first model is better beyond the examples' noise.
    /// </summary>
    public IReadOnlyList<IntervalRow> AgainstStrongest { get; }

    /// <summary>HR@10 and NDCG@10 by segment (see <see cref="ExampleSegments"/>), per model.</summary>
    public IReadOnlyList<SegmentRow> Segments { get; }

    /// <summary>Bootstrap resamples behind the intervals.</summary>
    public int Resamples { get; }

    /// <summary>Compares <paramref name="models"/>, all evaluated on <paramref name="examples"/> of <paramref name="split"/>.</summary>
    /// <exception cref="ArgumentException">There is no model, or the models were evaluated on different examples.</exception>
    public static EvaluationReport Create(DataSplit split, IReadOnlyList<SplitExample> examples, IReadOnlyList<ModelEvaluation> models, int resamples = 1000, int seed = 7)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(models);
        if (models.Count == 0)
        {
            throw new ArgumentException("There is no model to report on.", nameof(models));
        }

        if (models.FirstOrDefault(m => !m.Result.Examples.SequenceEqual(examples)) is { } other)
        {
            throw new ArgumentException($"'{other.Name}' was evaluated on other examples; a comparison needs the same examples for every model.", nameof(models));
        }

        var bootstrap = new Bootstrap(examples.Count, resamples, seed);
        var perExample = models.Select(m => Headline.ToDictionary(metric => metric, metric => PerExample(m.Result.Ranks, metric))).ToArray();
        var intervals = new List<IntervalRow>();
        var differences = new List<IntervalRow>();
        for (var m = 0; m < models.Count; m++)
        {
            foreach (var metric in Headline)
            {
                var (low, high) = bootstrap.Interval(perExample[m][metric]);
                intervals.Add(new IntervalRow(models[m].Name, metric, models[m].Result.Get(metric), low, high));
                if (m > 0)
                {
                    var difference = perExample[m][metric].Zip(perExample[0][metric], (a, b) => a - b).ToArray();
                    var (dLow, dHigh) = bootstrap.Interval(difference);
                    differences.Add(new IntervalRow($"{models[m].Name} - {models[0].Name}", metric, difference.Average(), dLow, dHigh));
                }
            }
        }

        string? strongest = null;
        var againstStrongest = new List<IntervalRow>();
        if (models.Count > 1)
        {
            var best = Enumerable.Range(1, models.Count - 1).MaxBy(m => models[m].Result.Get(MetricNames.Ndcg(10)));
            strongest = models[best].Name;
            foreach (var metric in Headline)
            {
                var difference = perExample[0][metric].Zip(perExample[best][metric], (a, b) => a - b).ToArray();
                var (dLow, dHigh) = bootstrap.Interval(difference);
                againstStrongest.Add(new IntervalRow($"{models[0].Name} - {strongest}", metric, difference.Average(), dLow, dHigh));
            }
        }

        var segments = new List<SegmentRow>();
        foreach (var (dimension, segment, members) in ExampleSegments.Of(split, examples))
        {
            foreach (var model in models)
            {
                var ranks = members.Select(i => model.Result.Ranks[i]).ToArray();
                segments.Add(new SegmentRow(dimension, segment, members.Length, model.Name,
                    PerExample(ranks, MetricNames.HitRate(10)).Average(), PerExample(ranks, MetricNames.Ndcg(10)).Average()));
            }
        }

        return new EvaluationReport(models[0].Result.Protocol, models, intervals, differences, strongest, againstStrongest, segments, resamples);
    }

    /// <summary>The report as Markdown: tables with the protocol above them.</summary>
    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.AppendLine("# Offline evaluation").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Protocol: {Protocol}.").AppendLine();
        var ks = Models[0].Result.Ks;
        string[] columns = [.. ks.SelectMany(k => new[] { MetricNames.HitRate(k), MetricNames.Ndcg(k) }), MetricNames.Mrr, .. ks.Select(MetricNames.Recall)];
        Table(md, "## Accuracy (full ranking)", ["model", .. columns], Models.Select(m => (IEnumerable<string>)[m.Name, .. columns.Select(c => F(m.Result.Get(c)))]));
        string[] lists = [.. ks.SelectMany(k => new[] { MetricNames.Coverage(k), MetricNames.Popularity(k) })];
        Table(md, $"## Catalog coverage and popularity of the recommendations (targets' mean training interactions: {F(Models[0].Result.Get(MetricNames.TargetPopularity), 1)})",
            ["model", .. lists], Models.Select(m => (IEnumerable<string>)[m.Name, .. lists.Select(c => F(m.Result.Get(c), c.StartsWith("ARP", StringComparison.Ordinal) ? 1 : 4))]));
        Table(md, $"## 95 % bootstrap intervals ({Resamples:N0} resamples of the examples)", ["model", "metric", "value", "interval"],
            Intervals.Select(r => (IEnumerable<string>)[r.Model, r.Metric, F(r.Value), $"[{F(r.Low)}, {F(r.High)}]"]));
        if (Differences.Count > 0)
        {
            Table(md, "## Differences from the first model (paired bootstrap)", ["comparison", "metric", "difference", "interval"],
                Differences.Select(r => (IEnumerable<string>)[r.Model, r.Metric, F(r.Value), $"[{F(r.Low)}, {F(r.High)}]"]));
        }

        if (StrongestBaseline is not null)
        {
            md.AppendLine("## Against the strongest baseline").AppendLine();
            md.AppendLine(Verdict()).AppendLine();
            Table(md, "Paired bootstrap differences:", ["comparison", "metric", "difference", "interval"],
                AgainstStrongest.Select(r => (IEnumerable<string>)[r.Model, r.Metric, F(r.Value), $"[{F(r.Low)}, {F(r.High)}]"]));
        }

        Table(md, "## By segment", ["dimension", "segment", "examples", "model", "HR@10", "NDCG@10"],
            Segments.Select(s => (IEnumerable<string>)[s.Dimension, s.Segment, s.Examples.ToString("N0", CultureInfo.InvariantCulture), s.Model, F(s.HitRate10), F(s.Ndcg10)]));
        if (Models.Any(m => m.Result.Sampled is not null))
        {
            var sampled = Models.Where(m => m.Result.Sampled is not null).ToArray();
            string[] sampledColumns = [MetricNames.HitRate(10), MetricNames.Ndcg(10), MetricNames.Mrr];
            Table(md, $"## SAMPLED metrics, not comparable with the full ranking above ({sampled[0].Result.Sampled!.Protocol})", ["model", .. sampledColumns.Select(c => "sampled " + c)],
                sampled.Select(m => (IEnumerable<string>)[m.Name, .. sampledColumns.Select(c => F(m.Result.Sampled!.Metrics[c]))]));
        }

        return md.ToString();
    }

    /// <summary>
    /// One sentence on the first model against <see cref="StrongestBaseline"/> by NDCG@10: better, worse, or not
    /// distinguishable, with the paired difference and its interval. Null when there is no baseline.
    /// </summary>
    public string? Verdict()
    {
        if (StrongestBaseline is null)
        {
            return null;
        }

        var ndcg = AgainstStrongest.First(r => r.Metric == MetricNames.Ndcg(10));
        var outcome = ndcg.Low > 0 ? "better than" : ndcg.High < 0 ? "worse than" : "not distinguishable from";
        return string.Create(CultureInfo.InvariantCulture,
            $"{Models[0].Name} is {outcome} the strongest baseline, {StrongestBaseline}: NDCG@10 difference {F(ndcg.Value)} [{F(ndcg.Low)}, {F(ndcg.High)}] (paired 95 % bootstrap).");
    }

    /// <summary>The report as JSON: protocol, metrics per model, intervals, differences, segments, and sampled metrics if any.</summary>
    public string ToJson() => JsonSerializer.Serialize(new
    {
        protocol = Protocol,
        bootstrapResamples = Resamples,
        models = Models.Select(m => new
        {
            name = m.Name,
            metrics = m.Result.Metrics,
            sampled = m.Result.Sampled is { } s ? new { protocol = s.Protocol, metrics = s.Metrics } : null,
        }),
        intervals = Intervals,
        differences = Differences,
        strongestBaseline = StrongestBaseline,
        againstStrongestBaseline = AgainstStrongest,
        verdict = Verdict(),
        segments = Segments,
    }, Json);

    private static double[] PerExample(IReadOnlyList<int> ranks, string metric)
    {
        if (metric == MetricNames.Mrr)
        {
            return [.. ranks.Select(r => 1.0 / r)];
        }

        var k = int.Parse(metric[(metric.IndexOf('@', StringComparison.Ordinal) + 1)..], CultureInfo.InvariantCulture);
        return metric.StartsWith("NDCG", StringComparison.Ordinal)
            ? [.. ranks.Select(r => RankGain.Ndcg(r, k))]
            : [.. ranks.Select(r => RankGain.Hit(r, k))];
    }

    private static void Table(StringBuilder md, string title, IReadOnlyList<string> header, IEnumerable<IEnumerable<string>> rows)
    {
        md.AppendLine(title).AppendLine();
        md.AppendLine("| " + string.Join(" | ", header) + " |");
        md.AppendLine("|" + string.Concat(header.Select((_, i) => i == 0 ? " --- |" : " ---: |")));
        foreach (var row in rows)
        {
            md.AppendLine("| " + string.Join(" | ", row.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal))) + " |");
        }

        md.AppendLine();
    }

    private static string F(double value, int decimals = 4) => value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
