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
    };

    public Task<Dataset> LoadAsync(ParseResult parse, CancellationToken cancellationToken) =>
        DatasetLoader.LoadAsync(parse.GetValue(Input)!, parse.GetValue(Items), ReadOptions(parse), cancellationToken);
}
