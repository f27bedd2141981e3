using System.CommandLine;
using Recommender.Scoring;
using Recommender.Cli.Failures;

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

    /// <summary>The bundle's path, checked to be an existing file.</summary>
    /// <exception cref="CliFailure">There is no such file.</exception>
    public string ExistingModel(ParseResult parse)
    {
        var path = parse.GetValue(Model)!;
        return File.Exists(path)
            ? path
            : throw CliFailure.Bundle(Directory.Exists(path)
                ? $"--model: '{path}' is a folder; give the model bundle file (*.recbundle) that train wrote."
                : $"--model: '{path}': no such model bundle. Train one with 'recommender train --input DATA --output {Path.GetFileName(path)}'.");
    }

    public RecommenderSessionOptions SessionOptions(ParseResult parse) =>
        new() { ExecutionProvider = parse.GetValue(Device) == "cuda" ? ExecutionProvider.Cuda : ExecutionProvider.Cpu };
}
