using System.Globalization;
using Recommender.Cli.Failures;
using Recommender.Evaluation;
using Spectre.Console;
using static Recommender.Cli.Output.Numbers;

namespace Recommender.Cli.Output;

/// <summary>Says how much of the evaluation data the model knows, and refuses to report metrics that would only measure the mismatch.</summary>
internal static class OverlapView
{
    /// <summary>Below this share of known targets the model and the data are not about the same items.</summary>
    public const double RefuseBelow = 0.1;

    /// <summary>Below this share the line is a warning: the metrics are capped by what the model cannot know.</summary>
    public const double WarnBelow = 0.9;

    public static void Check(IAnsiConsole console, CatalogOverlap overlap, string model, string data)
    {
        var share = overlap.KnownTargetShare;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"the model knows {N(overlap.TargetsKnown)} of {N(overlap.Examples)} targets ({share:P1}); {N(overlap.HistoriesWithoutKnownItem)} histories hold no item it knows (it falls back to popularity for them)");
        if (share < RefuseBelow)
        {
            throw CliFailure.Bundle(string.Create(CultureInfo.InvariantCulture,
                $"{model} and {data} share almost no items: {line}. Its metrics would measure the mismatch, not the model. Evaluate the model on the data it was trained on (the same item ids), or train one on this data."));
        }

        console.MarkupLine(share < WarnBelow ? $"[yellow]warning: {Markup.Escape(line)}; its metrics are capped by the targets it does not know[/]" : Markup.Escape(line));
    }
}
