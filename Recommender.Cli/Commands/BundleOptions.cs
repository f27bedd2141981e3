using System.CommandLine;
using Recommender.Scoring;
using Spectre.Console;

namespace Recommender.Cli.Commands;

/// <summary>The options every command that reads a model bundle shares: which bundle, and where its sessions run.</summary>
internal sealed class BundleOptions
{
    public BundleOptions(string description = "The model bundle (*.recbundle).")
    {
        Model = new Option<string>("--model", "-m") { Description = description, Required = true };
        Device.AcceptOnlyFromAmong("cpu", "cuda");
    }

    public Option<string> Model { get; }

    public Option<string> Device { get; } = new("--device")
    {
        Description = "cpu or cuda (falls back to cpu with a message).",
        DefaultValueFactory = _ => "cpu",
    };

    /// <summary>The bundle's path, or null after telling the user there is no such file.</summary>
    public string? ExistingModel(ParseResult parse, IAnsiConsole console)
    {
        var path = parse.GetValue(Model)!;
        if (File.Exists(path))
        {
            return path;
        }

        console.MarkupLine($"[red]{Markup.Escape(path)}: no such model bundle.[/]");
        return null;
    }

    public RecommenderSessionOptions SessionOptions(ParseResult parse) =>
        new() { ExecutionProvider = parse.GetValue(Device) == "cuda" ? ExecutionProvider.Cuda : ExecutionProvider.Cpu };
}
