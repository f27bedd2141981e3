namespace Recommender.Server.Contracts;

/// <summary>A request for the best items for one user.</summary>
public sealed class RecommendRequest
{
    /// <summary>Item ids the user interacted with, oldest first. Required. Ids the model does not know are skipped; a history longer than the model reads keeps its latest items.</summary>
    public string[]? History { get; init; }

    /// <summary>How many items to return, from 1 to the server's maximum. Default 10.</summary>
    public int? K { get; init; }

    /// <summary>Whether items of the history are left out. Default true.</summary>
    public bool? ExcludeSeen { get; init; }

    /// <summary>If given, only these items may be recommended.</summary>
    public string[]? Allow { get; init; }

    /// <summary>If given, these items are never recommended.</summary>
    public string[]? Deny { get; init; }
}
