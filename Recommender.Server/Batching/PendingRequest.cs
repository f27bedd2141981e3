using Recommender.Server.Models;

namespace Recommender.Server.Batching;

/// <summary>A single-user request waiting in the batching queue for the graph run that answers it.</summary>
internal abstract class PendingRequest
{
    protected PendingRequest(LoadedModel model, string[] history)
    {
        Model = model;
        History = history;
    }

    /// <summary>The model the request holds a lease on: it is answered by that model, even when another was swapped in meanwhile.</summary>
    public LoadedModel Model { get; }

    public string[] History { get; }

    public abstract void Fail(Exception error);
}
