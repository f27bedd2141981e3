namespace Recommender.Data.Readers;

/// <summary>One file format's way of streaming interactions out of a file.</summary>
internal interface IInteractionSource
{
    IAsyncEnumerable<InteractionRecord> ReadAsync(ReadReport report, BadRowHandler badRows, CancellationToken cancellationToken);
}
