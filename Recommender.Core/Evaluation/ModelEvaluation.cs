namespace Recommender.Evaluation;

/// <summary>One model's evaluation, named for a report.</summary>
/// <param name="Name">How the report names the model.</param>
/// <param name="Result">What the evaluator measured.</param>
public sealed record ModelEvaluation(string Name, EvaluationResult Result);
