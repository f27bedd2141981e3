using System.CommandLine;
using System.Globalization;
using Recommender.Bundles;
using Recommender.Cli.Failures;
using Recommender.Training.Modeling;
using Recommender.Training.Planning;
using Recommender.Training.Training;

namespace Recommender.Cli.Commands;

/// <summary><c>train --init-from</c>: the earlier model loaded, the flags it rules out refused, the plan adjusted, the lineage written.</summary>
internal static class WarmStarts
{
    /// <summary>Loads the earlier model, refusing a path that is missing, a folder, the output, or not a saved model.</summary>
    public static TrainedRecommender Load(string path, string output, string? torchOutput)
    {
        if (Directory.Exists(path) || !File.Exists(path))
        {
            throw CliFailure.Usage(Directory.Exists(path)
                ? $"--init-from: '{path}' is a folder; give the *.recmodel file that 'train --torch-model' wrote."
                : $"--init-from: '{path}': no such file. Train with --torch-model model.recmodel to keep a model that later runs can continue from.");
        }

        if (SamePath(path, output) || (torchOutput is not null && SamePath(path, torchOutput)))
        {
            throw CliFailure.Usage($"--init-from: '{path}' is also an output of this run; write the new model elsewhere so the earlier one is kept.");
        }

        try
        {
            return TrainedRecommender.Load(path);
        }
        catch (InvalidDataException e)
        {
            throw CliFailure.Bundle($"--init-from: {e.Message} Give the *.recmodel file that 'train --torch-model' wrote (a .recbundle holds no TorchSharp weights).");
        }
    }

    /// <summary>Refuses a flag that would change what a warm start keeps: the model's shape and objective.</summary>
    public static void CheckFlags(ParseResult parse, string path, TrainedRecommender previous, Option<int?> dim, Option<int?> layers, Option<int?> heads, Option<int?> maxLength,
        Option<double?> dropout, Option<double?> attentionDropout, Option<string?> blockLayout, Option<string?> positions, Option<string?> text, Option<bool> noText, Option<string?> objective)
    {
        var model = previous.Model.Options;
        var earlierText = model.UseText ? "on" : "off";
        var givenText = parse.GetValue(noText) ? "off" : parse.GetValue(text);
        (string Flag, string? Given, string? Earlier)[] kept =
        [
            ("--dim", Text(parse.GetValue(dim)), Text(model.Dim)),
            ("--layers", Text(parse.GetValue(layers)), Text(model.Layers)),
            ("--heads", Text(parse.GetValue(heads)), Text(model.Heads)),
            ("--max-len", Text(parse.GetValue(maxLength)), Text(model.MaxLength)),
            ("--dropout", Text(parse.GetValue(dropout)), Text(model.Dropout)),
            ("--attention-dropout", Text(parse.GetValue(attentionDropout)), Text(model.AttentionDropout)),
            ("--block-layout", parse.GetValue(blockLayout), model.BlockLayout == BlockLayout.SASRec ? "sasrec" : "pre-norm"),
            ("--positions", parse.GetValue(positions), model.Positions == PositionOrigin.FirstItem ? "first" : "latest"),
            ("--text", givenText, earlierText),
            ("--objective", parse.GetValue(objective), previous.TrainingOptions.Objective == TrainingObjective.MaskedItem ? "masked" : "next"),
        ];
        foreach (var (flag, given, earlier) in kept)
        {
            if (given is not null && given != earlier)
            {
                throw CliFailure.Usage($"{flag} {given}: the model in '{path}' has {flag} {earlier}, and a warm start keeps the earlier model's shape and objective "
                    + "(--dim, --layers, --heads, --max-len, --dropout, --attention-dropout, --block-layout, --positions, --text, --objective). Leave the flag out, or train from nothing without --init-from.");
            }
        }
    }

    /// <summary>The earlier model's shape and objective in place of the rules' choices, and a third of their epochs unless epochs or a budget were given.</summary>
    public static TrainingPlan Plan(TrainingPlan plan, TrainedRecommender previous, string path, int itemCount, bool epochsGiven)
    {
        var training = plan.Training with { Objective = previous.TrainingOptions.Objective };
        var choices = plan.Choices.Where(c => c.Setting is not ("--dim" or "--max-len" or "--dropout" or "--attention-dropout" or "--text" or "--block-layout" or "--positions")).ToList();
        var added = itemCount - previous.Items.Count;
        choices.Insert(0, new ConfigurationChoice("--init-from", Path.GetFileName(path), string.Create(CultureInfo.InvariantCulture,
            $"continues from its weights and its shape (--dim {previous.Model.Options.Dim}, --max-len {previous.Model.Options.MaxLength}, --text {(previous.Model.Options.UseText ? "on" : "off")}); its {previous.Items.Count:N0} items keep their rows, {added:N0} new items are added")));
        if (!epochsGiven)
        {
            var epochs = Math.Max(1, (plan.Training.Epochs + 2) / 3);
            choices.RemoveAll(c => c.Setting == "--epochs");
            choices.Add(new ConfigurationChoice("--epochs", epochs.ToString(CultureInfo.InvariantCulture), $"a warm start trains a third of the {plan.Training.Epochs} epochs planned from nothing"));
            training = training with { Epochs = epochs };
        }

        return plan with { Model = previous.Model.Options, Training = training, Choices = choices };
    }

    /// <summary>The lineage step the new bundle records.</summary>
    public static BundleLineage Lineage(string path, TrainedRecommender previous, string input, int itemCount) => new(
        BundleLineage.WarmStart, BundleVersion.OfFile(path), Path.GetFileName(path), File.GetLastWriteTimeUtc(path), Path.GetFileName(Path.TrimEndingDirectorySeparator(input)),
        string.Create(CultureInfo.InvariantCulture, $"continued from {previous.Items.Count:N0} items ({previous.History.Count} epochs trained); {itemCount - previous.Items.Count:N0} new items added"),
        DateTimeOffset.UtcNow);

    private static string? Text(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string? Text(double? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static bool SamePath(string a, string b) => string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), StringComparison.Ordinal);
}
