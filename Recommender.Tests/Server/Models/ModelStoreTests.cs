using Recommender.Scoring;
using Recommender.Server.Models;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Server.Models;

/// <summary>A swapped-out model lives until the last request holding it ends, and not longer.</summary>
[Collection(ServerTests.Name)]
public sealed class ModelStoreTests(ServerBundles bundles)
{
    [Fact]
    public void A_request_in_flight_keeps_the_old_model_until_it_ends_then_the_old_session_is_disposed()
    {
        using var store = new ModelStore();
        var old = Model("old");
        store.Swap(old);
        var inFlight = store.TryAcquire()!;

        store.Swap(Model("new"));
        var recommended = inFlight.Model.Session.Recommend(["1", "2"], k: 3);
        using (var next = store.TryAcquire()!)
        {
            Assert.Equal("new", next.Model.Version);
        }

        Assert.Equal("old", inFlight.Model.Version);
        Assert.Equal(3, recommended.Count);
        Assert.False(old.IsDisposed);
        inFlight.Dispose();
        inFlight.Dispose();
        Assert.True(old.IsDisposed);
        Assert.Equal(1, store.Swaps);
    }

    [Fact]
    public void No_lease_is_given_before_a_model_is_loaded_nor_on_a_disposed_model()
    {
        using var store = new ModelStore();
        Assert.Null(store.TryAcquire());

        var model = Model("only");
        model.Release();
        Assert.False(model.TryAcquire());
    }

    private LoadedModel Model(string version) => new(new RecommenderSession(bundles.Bundle), version, "model.recbundle", DateTimeOffset.UtcNow);
}
