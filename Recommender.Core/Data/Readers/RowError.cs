namespace Recommender.Data.Readers;

/// <summary>Why a row did not parse: what it held and what the format expects.</summary>
internal readonly record struct RowError(string Found, string Expected);
