using System.CommandLine;
using Recommender.Data;

namespace Recommender.Cli.Commands;

/// <summary>The options every command that reads a dataset shares: where it is, which format, what to do with bad rows.</summary>
internal sealed class DataOptions
{
    public Option<string> Input { get; }

    public Option<string?> Items { get; } = new("--items")
    {
        Description = "Item catalog (movies.dat, u.item, CSV or Parquet). Optional: a dataset folder's items file is found by name.",
    };

    public Option<string> Format { get; } = new("--format")
    {
        Description = "Interactions format: auto, movielens-1m, movielens-100k, interactions-text, sequences-text, csv, parquet.",
        DefaultValueFactory = _ => "auto",
    };

    public Option<string> ItemFormat { get; } = new("--item-format")
    {
        Description = "Items format: auto, movielens-1m, movielens-100k, csv, parquet.",
        DefaultValueFactory = _ => "auto",
    };

    public Option<string?> Columns { get; } = new("--columns")
    {
        Description = "CSV/Parquet column names, e.g. user=UserId,item=MovieId,time=Ts,rating=Stars. Default: found by common names.",
    };

    public Option<string> Encoding { get; } = new("--encoding")
    {
        Description = "Text encoding of text files: auto, utf-8, utf-16 (byte order from the byte order mark, else little-endian), utf-16le, utf-16be, latin1. "
            + "Default auto: byte order mark, else UTF-16 by its NUL bytes, else UTF-8 if the bytes are valid UTF-8, else Latin-1.",
        DefaultValueFactory = _ => "auto",
    };

    public Option<bool> SkipBadRows { get; } = new("--skip-bad-rows")
    {
        Description = "Skip malformed rows (counted and reported with line numbers) instead of stopping at the first.",
    };

    public Option<bool> KeepDuplicates { get; } = new("--keep-duplicates")
    {
        Description = "Keep exact duplicate interactions (same user, item and time) instead of dropping them; either way they are counted.",
    };

    public DataOptions(string? defaultInput = null)
    {
        Input = new Option<string>("--input", "-i")
        {
            Description = "Interactions file, or a dataset folder (interactions + items, like data/sample).",
            Required = defaultInput is null,
        };
        if (defaultInput is not null)
        {
            Input.DefaultValueFactory = _ => defaultInput;
        }
    }

    public void AddTo(Command command)
    {
        command.Add(Input);
        command.Add(Items);
        command.Add(Format);
        command.Add(ItemFormat);
        command.Add(Columns);
        command.Add(Encoding);
        command.Add(SkipBadRows);
        command.Add(KeepDuplicates);
    }

    public DataReadOptions ReadOptions(ParseResult parse) => InteractionReadOptions(parse) with
    {
        ItemFormat = FormatNames.ParseItemFormat(parse.GetValue(ItemFormat)!),
        Duplicates = parse.GetValue(KeepDuplicates) ? DuplicateHandling.Keep : DuplicateHandling.Drop,
    };

    /// <summary>The options that read one interactions file: for commands that add only input, format, columns and bad rows.</summary>
    public DataReadOptions InteractionReadOptions(ParseResult parse) => new()
    {
        Format = FormatNames.ParseInteractionFormat(parse.GetValue(Format)!),
        Columns = parse.GetValue(Columns) is { } columns ? ColumnMapping.Parse(columns) : new ColumnMapping(),
        BadRows = parse.GetValue(SkipBadRows) ? BadRowPolicy.Skip : BadRowPolicy.Fail,
        Encoding = ParseEncoding(parse.GetValue(Encoding)!),
    };

    /// <summary>The encoding a <c>--encoding</c> value names; null for auto (detected).</summary>
    /// <exception cref="FormatException">The name is not one of the known encodings.</exception>
    public static System.Text.Encoding? ParseEncoding(string name) => name.Trim().ToLowerInvariant() switch
    {
        "auto" => null,
        "utf-8" or "utf8" => System.Text.Encoding.UTF8,
        "utf-16" or "utf16" or "utf-16le" or "utf16le" => System.Text.Encoding.Unicode,
        "utf-16be" or "utf16be" => System.Text.Encoding.BigEndianUnicode,
        "latin1" or "latin-1" or "iso-8859-1" => System.Text.Encoding.Latin1,
        _ => throw new FormatException($"Unknown encoding '{name}'; expected one of auto, utf-8, utf-16, utf-16le, utf-16be, latin1."),
    };

    /// <summary>Reads the dataset; <paramref name="knownItems"/>, when given, get the first item indices (<see cref="DataReadOptions.KnownItems"/>).</summary>
    public Task<Dataset> LoadAsync(ParseResult parse, CancellationToken cancellationToken, IReadOnlyList<string>? knownItems = null) =>
        DatasetLoader.LoadAsync(parse.GetValue(Input)!, parse.GetValue(Items), ReadOptions(parse) with { KnownItems = knownItems }, cancellationToken);
}
