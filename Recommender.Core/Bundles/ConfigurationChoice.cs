namespace Recommender.Bundles;

/// <summary>One setting a training run used, with where it came from: a rule over the data, or the caller.</summary>
/// <param name="Setting">The setting's name, as the command line spells it (e.g. <c>--dim</c>).</param>
/// <param name="Value">The value used, as text.</param>
/// <param name="Reason">Why: the rule and the data statistic it read, or that the caller gave it.</param>
public sealed record ConfigurationChoice(string Setting, string Value, string Reason);
