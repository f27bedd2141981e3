using Recommender.Scoring;
using Recommender.Server.Models;

namespace Recommender.Server.Batching;

/// <summary>A queued top-K request; requests with the same model, k and exclude-seen share a graph run.</summary>
internal sealed class PendingRecommend : PendingRequest
{
    public PendingRecommend(LoadedModel model, string[] history, int k, bool excludeSeen)
        : base(model, history)
    {
        K = k;
        ExcludeSeen = excludeSeen;
    }

    public int K { get; }

    public bool ExcludeSeen { get; }

    public TaskCompletionSource<IReadOnlyList<Recommendation>> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override void Fail(Exception error) => Result.TrySetException(error);
}
