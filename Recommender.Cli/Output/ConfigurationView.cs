using Recommender.Bundles;
using Spectre.Console;

namespace Recommender.Cli.Output;

/// <summary>Renders a training configuration: a heading, then each setting with its value and the reason for it.</summary>
internal static class ConfigurationView
{
    public static void Write(IAnsiConsole console, string headingMarkup, IEnumerable<ConfigurationChoice> choices)
    {
        console.MarkupLine(headingMarkup);
        foreach (var choice in choices)
        {
            console.MarkupLine($"  {Markup.Escape(choice.Setting)} {Markup.Escape(choice.Value)}  [grey]{Markup.Escape(choice.Reason)}[/]");
        }
    }
}
