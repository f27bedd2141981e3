namespace Recommender.Server.Models;

/// <summary>One request's hold on a model: the model stays usable until the lease is disposed, whatever is swapped in meanwhile.</summary>
internal sealed class ModelLease : IDisposable
{
    private int _released;

    public ModelLease(LoadedModel model)
    {
        Model = model;
    }

    public LoadedModel Model { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            Model.Release();
        }
    }
}
