namespace Recommender.Scoring.Approximate;

/// <summary>The approximate item index could not be built, read or searched; the message says why.</summary>
public sealed class ItemIndexException : Exception
{
    /// <summary>An error with <paramref name="message"/>.</summary>
    public ItemIndexException(string message)
        : base(message)
    {
    }

    /// <summary>An error with <paramref name="message"/>, caused by <paramref name="inner"/>.</summary>
    public ItemIndexException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
