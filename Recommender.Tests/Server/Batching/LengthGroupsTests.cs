using Recommender.Server.Batching;

namespace Recommender.Tests.Server.Batching;

public sealed class LengthGroupsTests
{
    [Fact]
    public void Requests_are_split_into_runs_of_similar_length_each_request_exactly_once()
    {
        int[] lengths = [200, 3, 150, 5, 400, 160, 4, 9, 198];

        var runs = LengthGroups.Split(lengths, l => l, maxLength: 200).ToList();

        Assert.Equal(lengths.Order(), runs.SelectMany(r => r));
        Assert.Equal([[3, 4, 5], [9], [150, 160], [198, 200, 400]], runs);
    }

    [Fact]
    public void No_requests_give_no_runs()
    {
        Assert.Empty(LengthGroups.Split(Array.Empty<int>(), l => l, maxLength: 200));
    }
}
