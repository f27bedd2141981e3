using Recommender.Scoring;

namespace Recommender.Server.Models;

/// <summary>
/// A session with what identifies it, reference-counted: the store holds one reference while the model is current and
/// every request holds one while it runs, so a swapped-out session is disposed only when its last request ends.
/// </summary>
internal sealed class LoadedModel
{
    private int _references = 1;

    public LoadedModel(RecommenderSession session, string version, string source, DateTimeOffset loadedAt)
    {
        Session = session;
        Version = version;
        Source = source;
        LoadedAt = loadedAt;
    }

    public RecommenderSession Session { get; }

    /// <summary>The first 12 hex digits of the bundle file's SHA-256: the same file gives the same version.</summary>
    public string Version { get; }

    /// <summary>The bundle's file name (not its folder).</summary>
    public string Source { get; }

    public DateTimeOffset LoadedAt { get; }

    /// <summary>Items added through the admin endpoint since this model was loaded.</summary>
    public int AddedItems => Session.ItemCount - Session.Bundle.Manifest.Model.ItemCount;

    /// <summary>Whether the session has been disposed (its last reference released).</summary>
    public bool IsDisposed => Volatile.Read(ref _references) == 0;

    /// <summary>Takes a reference unless the model is already gone.</summary>
    public bool TryAcquire()
    {
        while (true)
        {
            var count = Volatile.Read(ref _references);
            if (count == 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _references, count + 1, count) == count)
            {
                return true;
            }
        }
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            Session.Dispose();
        }
    }
}
