using System.Runtime;
using Recommender.Tests.TestSupport;
using Recommender.Training.Training;

namespace Recommender.Tests.Training;

// The region is process-wide: these run in the collection that runs alone.
[Collection(TorchTests.Name)]
public sealed class NoCollectionRegionTests
{
    [Fact]
    public void Inside_a_region_no_collection_runs_and_after_it_the_collector_is_back()
    {
        using (NoCollectionRegion.Enter())
        {
            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
            var start = GC.CollectionCount(0);
            for (var i = 0; i < 1_000; i++)
            {
                GC.KeepAlive(new byte[1_000]);
            }

            Assert.Equal(start, GC.CollectionCount(0));
        }

        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }

    [Fact]
    public void A_nested_region_and_a_region_the_runtime_ended_early_close_without_an_error()
    {
        using (NoCollectionRegion.Enter())
        {
            using (NoCollectionRegion.Enter())
            {
                Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
            }

            // The inner one did not open a region, so closing it left the outer one open.
            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);

            // Allocating past the budget makes the runtime collect and leave the region on its own.
            for (var i = 0; i < 200; i++)
            {
                GC.KeepAlive(new byte[1 << 20]);
            }
        }

        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }
}
