namespace Recommender.Data;

/// <summary>A malformed row that a reader skipped.</summary>
/// <param name="Location">Where in the file: "line 12" or "row group 0, row 5".</param>
/// <param name="Reason">What was wrong, in the words of the error it would have raised.</param>
public sealed record SkippedRow(string Location, string Reason);
