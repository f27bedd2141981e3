using System.Text.Json;
using Recommender.Evaluation;
using Recommender.Splitting;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Core.Evaluation;

public sealed class EvaluationReportTests
{
    private static readonly DataSplit Split = CyclicData.Split();

    [Fact]
    public void Models_are_compared_with_intervals_paired_differences_and_segments_that_partition_the_examples()
    {
        var report = Report(SampledNegatives: 0);

        Assert.Equal(2 * EvaluationReport.Headline.Count, report.Intervals.Count);
        Assert.All(report.Intervals, r => Assert.InRange(r.Value, r.Low, r.High));
        var difference = report.Differences.Single(d => d.Metric == MetricNames.Ndcg(10));
        Assert.Equal(report.Models[1].Result.Get(MetricNames.Ndcg(10)) - report.Models[0].Result.Get(MetricNames.Ndcg(10)), difference.Value, 12);
        Assert.InRange(difference.Value, difference.Low, difference.High);
        foreach (var dimension in report.Segments.GroupBy(s => (s.Dimension, s.Model)))
        {
            Assert.Equal(Split.Test.Count, dimension.Sum(s => s.Examples));
        }
    }

    [Fact]
    public void A_model_compared_with_itself_differs_by_exactly_zero()
    {
        var result = FullRankingEvaluator.Evaluate(Split, Split.Test, PopularityScorer.Fit(Split));

        var report = EvaluationReport.Create(Split, Split.Test, [new("a", result), new("b", result)], resamples: 200);

        Assert.All(report.Differences, d => Assert.Equal((0.0, 0.0, 0.0), (d.Value, d.Low, d.High)));
    }

    [Fact]
    public void Markdown_and_json_carry_the_protocol_and_label_sampled_metrics()
    {
        var plain = Report(SampledNegatives: 0);
        var sampled = Report(SampledNegatives: 5);

        Assert.Contains($"Protocol: {plain.Protocol}", plain.ToMarkdown(), StringComparison.Ordinal);
        Assert.DoesNotContain("SAMPLED", plain.ToMarkdown(), StringComparison.Ordinal);
        Assert.Contains("## SAMPLED metrics, not comparable with the full ranking above (SAMPLED: each target ranked among 5 random items", sampled.ToMarkdown(), StringComparison.Ordinal);
        using var json = JsonDocument.Parse(sampled.ToJson());
        Assert.Equal(plain.Protocol, json.RootElement.GetProperty("protocol").GetString());
        var first = json.RootElement.GetProperty("models")[0];
        Assert.Equal("popularity", first.GetProperty("name").GetString());
        Assert.Equal(sampled.Models[0].Result.Get(MetricNames.Ndcg(10)), first.GetProperty("metrics").GetProperty("NDCG@10").GetDouble(), 12);
        Assert.StartsWith("SAMPLED", first.GetProperty("sampled").GetProperty("protocol").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Models_evaluated_on_different_examples_are_not_compared()
    {
        var test = FullRankingEvaluator.Evaluate(Split, Split.Test, PopularityScorer.Fit(Split));
        var validation = FullRankingEvaluator.Evaluate(Split, Split.Validation, PopularityScorer.Fit(Split));

        var error = Assert.Throws<ArgumentException>(() => EvaluationReport.Create(Split, Split.Test, [new("test", test), new("validation", validation)]));

        Assert.Contains("'validation' was evaluated on other examples", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_strongest_baseline_is_named_with_the_first_models_paired_difference_from_it()
    {
        var popularity = FullRankingEvaluator.Evaluate(Split, Split.Test, PopularityScorer.Fit(Split));
        var knn = FullRankingEvaluator.Evaluate(Split, Split.Test, ItemKnnScorer.Fit(Split));
        var transition = FullRankingEvaluator.Evaluate(Split, Split.Test, ItemTransitionScorer.Fit(Split));
        var strongest = new[] { ("popularity", popularity), ("item-KNN", knn) }.MaxBy(m => m.Item2.Get(MetricNames.Ndcg(10)));

        var report = EvaluationReport.Create(Split, Split.Test, [new("model", transition), new("popularity", popularity), new("item-KNN", knn)], resamples: 200);

        Assert.Equal(strongest.Item1, report.StrongestBaseline);
        var ndcg = report.AgainstStrongest.Single(r => r.Metric == MetricNames.Ndcg(10));
        Assert.Equal(transition.Get(MetricNames.Ndcg(10)) - strongest.Item2.Get(MetricNames.Ndcg(10)), ndcg.Value, 12);
        Assert.InRange(ndcg.Value, ndcg.Low, ndcg.High);

        // The cyclic data is all first-order transitions: the transition model is far ahead, beyond the noise.
        Assert.True(ndcg.Low > 0, $"{ndcg.Low}");
        Assert.StartsWith($"model is better than the strongest baseline, {strongest.Item1}: NDCG@10 difference", report.Verdict(), StringComparison.Ordinal);
        Assert.Contains("## Against the strongest baseline", report.ToMarkdown(), StringComparison.Ordinal);
        using var json = JsonDocument.Parse(report.ToJson());
        Assert.Equal(strongest.Item1, json.RootElement.GetProperty("strongestBaseline").GetString());

        // Reversed, the same difference is negative and the verdict says so.
        var reversed = EvaluationReport.Create(Split, Split.Test, [new("popularity", popularity), new("model", transition)], resamples: 200);
        Assert.StartsWith("popularity is worse than the strongest baseline, model", reversed.Verdict(), StringComparison.Ordinal);

        var alone = EvaluationReport.Create(Split, Split.Test, [new("model", transition)], resamples: 200);
        Assert.Null(alone.StrongestBaseline);
        Assert.Null(alone.Verdict());
    }

    private static EvaluationReport Report(int SampledNegatives)
    {
        var options = new EvaluationOptions { SampledNegatives = SampledNegatives };
        return EvaluationReport.Create(Split, Split.Test,
        [
            new("popularity", FullRankingEvaluator.Evaluate(Split, Split.Test, PopularityScorer.Fit(Split), options)),
            new("item-KNN", FullRankingEvaluator.Evaluate(Split, Split.Test, ItemKnnScorer.Fit(Split), options)),
        ], resamples: 200);
    }
}
