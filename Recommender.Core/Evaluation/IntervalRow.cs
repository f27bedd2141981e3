namespace Recommender.Evaluation;

/// <summary>A metric with its bootstrap interval.</summary>
/// <param name="Model">The model, or the pair of models compared.</param>
/// <param name="Metric">The metric, e.g. "NDCG@10".</param>
/// <param name="Value">The metric (or the difference) on all examples.</param>
/// <param name="Low">The interval's lower end.</param>
/// <param name="High">The interval's upper end.</param>
public sealed record IntervalRow(string Model, string Metric, double Value, double Low, double High);
