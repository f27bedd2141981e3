using System.Text.RegularExpressions;

namespace Recommender.Cli.Failures;

/// <summary>
/// The library names its settings (<c>DataReadOptions.Format</c>, <c>SequenceModelOptions.Dim</c>); a CLI user sets
/// them through flags. Messages from the library are shown with each setting a flag sets replaced by that flag.
/// </summary>
internal static partial class FlagNames
{
    private static readonly Dictionary<string, string> Flags = new(StringComparer.Ordinal)
    {
        ["DataReadOptions.Format"] = "--format",
        ["DataReadOptions.ItemFormat"] = "--item-format",
        ["DataReadOptions.Columns"] = "--columns",
        ["DataReadOptions.BadRows"] = "--skip-bad-rows",
        ["DataReadOptions.Encoding"] = "--encoding",
        ["DataReadOptions.Duplicates"] = "--keep-duplicates",
        ["SequenceModelOptions.Dim"] = "--dim",
        ["SequenceModelOptions.Layers"] = "--layers",
        ["SequenceModelOptions.Heads"] = "--heads",
        ["SequenceModelOptions.MaxLength"] = "--max-len",
        ["SequenceModelOptions.Dropout"] = "--dropout",
        ["SequenceModelOptions.AttentionDropout"] = "--attention-dropout",
        ["TrainingOptions.Epochs"] = "--epochs",
        ["TrainingOptions.BatchSize"] = "--batch-size",
        ["TrainingOptions.LearningRate"] = "--lr",
        ["TrainingOptions.AdamBeta2"] = "--adam-beta2",
        ["TrainingOptions.WeightDecay"] = "--weight-decay",
        ["TrainingOptions.WarmupSteps"] = "--warmup-steps",
        ["TrainingOptions.GradientClipNorm"] = "--clip-norm",
        ["TrainingOptions.Negatives"] = "--negatives",
        ["TrainingOptions.WeightAverageDecay"] = "--ema-decay",
        ["TrainingOptions.Patience"] = "--patience",
        ["TrainingOptions.Threads"] = "--threads",
        ["TrainingOptions.TimeLimit"] = "--time-limit",
        ["TrainingOptions.TimeBudget"] = "--time-budget",
        ["SyntheticDatasetOptions.Users"] = "--users",
        ["SyntheticDatasetOptions.Items"] = "--items",
        ["SyntheticDatasetOptions.SeriesFraction"] = "--series-fraction",
        ["SyntheticDatasetOptions.ContinuationProbability"] = "--continuation",
        ["SyntheticDatasetOptions.NoiseProbability"] = "--noise",
        ["BatchScoringOptions.TopK"] = "--top-k",
        ["BatchScoringOptions.BatchSize"] = "--batch-size",
    };

    /// <summary>The flag that sets <paramref name="setting"/> (<c>Type.Property</c>), if one does.</summary>
    public static string? Of(string setting) => Flags.GetValueOrDefault(setting);

    /// <summary><paramref name="message"/> with every setting a flag sets written as that flag.</summary>
    public static string Rewrite(string message) =>
        Setting().Replace(message, match => Flags.TryGetValue(match.Value, out var flag) ? flag : match.Value);

    [GeneratedRegex(@"\b[A-Z][A-Za-z]*Options\.[A-Z][A-Za-z0-9]*\b", RegexOptions.CultureInvariant)]
    private static partial Regex Setting();
}
