using System.CommandLine;
using Recommender.Scoring;
using Recommender.Cli.Failures;
using Spectre.Console;

namespace Recommender.Cli.Commands;

/// <summary>The options every command that reads a model bundle shares: which bundle, and where its sessions run.</summary>
internal sealed class BundleOptions
{
    public BundleOptions(string description = "The model bundle (*.recbundle).")
    {
        Model = new Option<string>("--model", "-m") { Description = description, Required = true };
        Device.AcceptOnlyFromAmong("cpu", "cuda");
        TopKSearch.AcceptOnlyFromAmong("auto", "exact", "approximate");
        IndexPrecision.AcceptOnlyFromAmong("full", "half", "quantized");
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

    public Option<string> TopKSearch { get; } = new("--top-k-search")
    {
        Description = $"auto (exact below {ApproximateTopKOptions.Defaults.MinItems:N0} items, approximate from there), exact (score every item) or approximate (an HNSW index of the items, kept beside the bundle).",
        DefaultValueFactory = _ => "auto",
    };

    public Option<string?> IndexDirectory { get; } = new("--index-dir")
    {
        Description = "Where the approximate search keeps its item index (default: beside the bundle).",
    };

    public Option<string> IndexPrecision { get; } = new("--index-precision")
    {
        Description = "How the item index stores the item vectors: full (4-byte floats), half (2-byte floats) or quantized (1 byte a number, the smallest). The index only proposes candidates; their exact scores order them.",
        DefaultValueFactory = _ => ApproximateTopKOptions.Defaults.Precision.ToString().ToLowerInvariant(),
    };

    /// <summary>The session options the flags give; a command that does not offer --top-k-search scores exactly.</summary>
    public RecommenderSessionOptions SessionOptions(ParseResult parse)
    {
        var options = parse.CommandResult.Command.Options;
        return new()
        {
            ExecutionProvider = parse.GetValue(Device) == "cuda" ? ExecutionProvider.Cuda : ExecutionProvider.Cpu,
            TopKSearch = options.Contains(TopKSearch) ? Enum.Parse<TopKSearch>(parse.GetValue(TopKSearch)!, ignoreCase: true) : Scoring.TopKSearch.Exact,
            Approximate = new ApproximateTopKOptions
            {
                IndexDirectory = options.Contains(IndexDirectory) ? parse.GetValue(IndexDirectory) : null,
                Precision = options.Contains(IndexPrecision) ? Enum.Parse<IndexPrecision>(parse.GetValue(IndexPrecision)!, ignoreCase: true) : ApproximateTopKOptions.Defaults.Precision,
            },
        };
    }

    /// <summary>Prints what the session says about how it runs: a CUDA fallback, an index built or not kept.</summary>
    public static void WriteNotes(IAnsiConsole console, RecommenderSession session)
    {
        foreach (var note in new[] { session.FallbackMessage, session.IndexMessage }.OfType<string>())
        {
            console.MarkupLine($"[yellow]{Markup.Escape(note)}[/]");
        }
    }
}
