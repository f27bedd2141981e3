using Recommender.Scoring;

namespace Recommender.Tests.Core.Scoring;

/// <summary>The search depth the approximate top-K uses: as set, or by the catalog's size.</summary>
public sealed class ApproximateTopKOptionsTests
{
    [Theory]
    [InlineData(3_000, 96)]
    [InlineData(1_000_000, 96)]
    [InlineData(4_000_000, 192)]
    [InlineData(5_000_000, 215)]
    public void Unset_the_depth_grows_with_the_square_root_of_the_catalog_beyond_a_million(long items, int depth) =>
        Assert.Equal(depth, new ApproximateTopKOptions().SearchDepth(items));

    [Fact]
    public void A_depth_that_is_set_is_used_at_every_size()
    {
        var options = new ApproximateTopKOptions { ExpansionSearch = 40 };

        Assert.Equal(40, options.SearchDepth(1_000));
        Assert.Equal(40, options.SearchDepth(5_000_000));
    }

    [Fact]
    public void A_depth_below_one_is_refused_by_name()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new RecommenderSessionOptions { Approximate = new ApproximateTopKOptions { ExpansionSearch = 0 } }.Validate());

        Assert.Equal(nameof(ApproximateTopKOptions.ExpansionSearch), error.ParamName);
    }
}
