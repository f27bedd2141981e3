using CsCheck;
using Recommender.Data;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Core;

public sealed class InteractionLogBuilderTests
{
    private static readonly Gen<List<InteractionRecord>> TimedRecords =
        Gen.Select(Gen.Int[1, 6], Gen.Int[1, 9], Gen.Long[0, 5]).Array[1, 60]
            .Select(rows => rows.Select(r => new InteractionRecord($"u{r.Item1}", $"i{r.Item2}", r.Item3)).ToList());

    [Fact]
    public void Each_users_interactions_are_sorted_by_time_with_ties_in_source_order()
    {
        TimedRecords.Sample(records =>
        {
            var log = Datasets.Build(records, DuplicateHandling.Keep);

            foreach (var userId in records.Select(r => r.UserId).Distinct())
            {
                var expected = records.Where(r => r.UserId == userId).OrderBy(r => r.Timestamp).Select(r => r.ItemId);
                Assert.Equal(expected, Datasets.ItemIds(log, log.Users[userId]));
            }

            Assert.Equal(records.Count, log.InteractionCount);
        }, iter: 500, seed: "0N0XIzNsQ0O2");
    }

    [Fact]
    public void Exact_duplicates_are_dropped_and_counted_and_repeats_at_other_times_are_kept()
    {
        TimedRecords.Sample(records =>
        {
            var builder = new InteractionLogBuilder();
            records.ForEach(builder.Add);
            var (log, duplicates) = builder.Build();

            var distinctEvents = records.Distinct().Count();
            Assert.Equal(distinctEvents, log.InteractionCount);
            Assert.Equal(records.Count - distinctEvents, duplicates.Dropped);
            Assert.Equal(duplicates.Exact, duplicates.Dropped);
            var repeats = records.Distinct().GroupBy(r => (r.UserId, r.ItemId)).Sum(g => g.Count() - 1);
            Assert.Equal(repeats, duplicates.Repeats);
        }, iter: 500, seed: "0N0XIzNsQ0O2");
    }

    [Fact]
    public void Without_timestamps_an_immediately_repeated_item_is_the_exact_duplicate()
    {
        var builder = new InteractionLogBuilder { Duplicates = DuplicateHandling.Keep };
        foreach (var item in new[] { "a", "a", "b", "a" })
        {
            builder.Add(new InteractionRecord("u", item));
        }

        var (log, duplicates) = builder.Build();

        Assert.Equal(new DuplicateCounts(Exact: 1, Dropped: 0, Repeats: 1), duplicates);
        Assert.Equal(4, log.InteractionCount);
    }

    [Fact]
    public void Mixing_rows_with_and_without_timestamps_is_refused()
    {
        var builder = new InteractionLogBuilder();
        builder.Add(new InteractionRecord("u", "a", 5));
        builder.Add(new InteractionRecord("u", "b"));

        var error = Assert.Throws<InvalidDataException>(() => builder.Build());

        Assert.Contains("1 of 2 interactions have a timestamp", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Records_round_trip_through_the_log()
    {
        TimedRecords.Sample(records =>
        {
            var log = Datasets.Build(records, DuplicateHandling.Keep);

            var expected = records.Select((r, i) => (r, i)).OrderBy(x => log.Users[x.r.UserId]).ThenBy(x => x.r.Timestamp).ThenBy(x => x.i).Select(x => x.r);
            Assert.Equal(expected, log.ToRecords());
        }, iter: 300, seed: "0N0XIzNsQ0O2");
    }
}
