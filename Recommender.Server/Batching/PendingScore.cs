using Recommender.Server.Models;

namespace Recommender.Server.Batching;

/// <summary>A queued score request; requests for the same model share a graph run whatever their candidates.</summary>
internal sealed class PendingScore : PendingRequest
{
    public PendingScore(LoadedModel model, string[] history, string[] candidates)
        : base(model, history)
    {
        Candidates = candidates;
    }

    public string[] Candidates { get; }

    public TaskCompletionSource<float[]> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override void Fail(Exception error) => Result.TrySetException(error);
}
