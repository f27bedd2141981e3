namespace Recommender.Server.Models;

/// <summary>The model answering requests now. Swapping is one reference exchange: a request sees the old model or the new one, never neither.</summary>
internal sealed class ModelStore : IDisposable
{
    private LoadedModel? _current;
    private long _swaps;

    /// <summary>The current model, or null before the first load.</summary>
    public LoadedModel? Current => Volatile.Read(ref _current);

    /// <summary>Models swapped in since the first load.</summary>
    public long Swaps => Interlocked.Read(ref _swaps);

    /// <summary>A lease on the current model, or null when none is loaded yet.</summary>
    public ModelLease? TryAcquire()
    {
        while (true)
        {
            var model = Volatile.Read(ref _current);
            if (model is null)
            {
                return null;
            }

            // A model swapped out and released between the read and the acquire is gone: read the new one.
            if (model.TryAcquire())
            {
                return new ModelLease(model);
            }
        }
    }

    /// <summary>Makes <paramref name="next"/> current; the previous model is disposed once its last lease ends.</summary>
    public void Swap(LoadedModel next)
    {
        var previous = Interlocked.Exchange(ref _current, next);
        if (previous is not null)
        {
            Interlocked.Increment(ref _swaps);
            previous.Release();
        }
    }

    public void Dispose() => Interlocked.Exchange(ref _current, null)?.Release();
}
