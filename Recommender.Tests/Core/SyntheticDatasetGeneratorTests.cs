using System.Globalization;
using CsCheck;
using Recommender.Data;
using Recommender.Data.Synthetic;
using Recommender.Evaluation;
using Recommender.Splitting;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Core;

public sealed class SyntheticDatasetGeneratorTests
{
    // Small enough to generate and evaluate in well under a second, large enough for stable metrics.
    private static readonly SyntheticDatasetOptions Small = new() { Users = 1_500, Items = 400, MaxSequenceLength = 150 };

    private static readonly Lazy<(SyntheticDataset Data, IReadOnlyDictionary<string, long> Releases)> SmallGenerated = new(() =>
    {
        var data = SyntheticDatasetGenerator.Generate(Small, out var releases);
        return (data, releases);
    });

    private static SyntheticDataset SmallDataset => SmallGenerated.Value.Data;

    // The bundled sample itself: taste and order show as they do there only with its catalog and its number of users
    // (users who see a large part of a small catalog run out of what they prefer; fewer users make sparser counts).
    private static readonly Lazy<SyntheticDataset> DefaultGenerated = new(() => SyntheticDatasetGenerator.Generate(new SyntheticDatasetOptions()));

    [Fact]
    public void The_same_seed_gives_the_same_dataset()
    {
        var first = SyntheticDatasetGenerator.Generate(Small with { Users = 300 });
        var second = SyntheticDatasetGenerator.Generate(Small with { Users = 300 });

        Assert.Equal(first.Interactions, second.Interactions);
        Assert.Equal(Describe(first.Items), Describe(second.Items));
    }

    [Fact]
    public void A_different_seed_gives_a_different_dataset()
    {
        var first = SyntheticDatasetGenerator.Generate(Small with { Users = 300 });
        var second = SyntheticDatasetGenerator.Generate(Small with { Users = 300, Seed = 43 });

        Assert.NotEqual(first.Interactions, second.Interactions);
        Assert.NotEqual(Describe(first.Items), Describe(second.Items));
    }

    [Fact]
    public void Counts_are_in_the_expected_ranges()
    {
        var data = SmallDataset;
        var lengths = data.Interactions.GroupBy(r => r.UserId).Select(g => g.Count()).ToArray();

        Assert.Equal(Small.Users, lengths.Length);
        Assert.Equal(Small.Items, data.Items.Count);
        Assert.All(lengths, l => Assert.InRange(l, Small.MinSequenceLength, Small.MaxSequenceLength));
        Assert.InRange(lengths.Average(), Small.MeanSequenceLength * 0.85, Small.MeanSequenceLength * 1.15);

        // Long-tailed: the median user is well below the mean.
        Assert.True(Median(lengths) < lengths.Average() * 0.8, $"median {Median(lengths)}, mean {lengths.Average():F1}");

        // Almost every item is used; a few in the tail may be missed.
        var used = data.Interactions.Select(r => r.ItemId).Distinct().Count();
        Assert.InRange(used, Small.Items * 0.9, Small.Items);
    }

    [Fact]
    public void The_default_dataset_has_the_size_the_bundled_sample_promises()
    {
        var defaults = new SyntheticDatasetOptions();
        var data = SyntheticDatasetGenerator.Generate(defaults, out var releases);
        var windowStart = defaults.StartTime.ToUnixTimeSeconds() + (long)(defaults.Duration.TotalSeconds * (1 - defaults.ColdStartWindow));

        Assert.Equal(5_000, data.Interactions.Select(r => r.UserId).Distinct().Count());
        Assert.Equal(1_500, data.Items.Count);
        Assert.InRange(data.Interactions.Count, 150_000, 250_000);
        Assert.Equal(75, releases.Values.Count(r => r >= windowStart));
    }

    [Fact]
    public void Ids_are_integers_from_one_and_every_interaction_names_a_catalog_item()
    {
        var data = SmallDataset;

        Assert.Equal(Enumerable.Range(1, Small.Items).Select(i => i.ToString(CultureInfo.InvariantCulture)), data.Items.Items.Select(i => i.Id));
        Assert.All(data.Interactions, r => Assert.True(data.Items.Contains(r.ItemId), r.ItemId));
        Assert.Equal(
            Enumerable.Range(1, Small.Users).Select(i => i.ToString(CultureInfo.InvariantCulture)),
            data.Interactions.Select(r => r.UserId).Distinct());
    }

    [Fact]
    public void Each_user_consumes_an_item_once_in_increasing_time_within_the_timeline()
    {
        var data = SmallDataset;
        var start = Small.StartTime.ToUnixTimeSeconds();
        var end = start + (long)Small.Duration.TotalSeconds;

        foreach (var user in data.Interactions.GroupBy(r => r.UserId))
        {
            var records = user.ToArray();
            Assert.Equal(records.Length, records.Select(r => r.ItemId).Distinct().Count());
            for (var i = 0; i < records.Length; i++)
            {
                Assert.InRange(records[i].Timestamp!.Value, start, end - 1);
                Assert.True(i == 0 || records[i].Timestamp > records[i - 1].Timestamp, $"user {user.Key} at {i}");
            }
        }
    }

    [Fact]
    public void Ratings_are_whole_stars_from_one_to_five_and_all_are_used()
    {
        var ratings = SmallDataset.Interactions.Select(r => r.Rating!.Value).ToArray();

        Assert.All(ratings, r => Assert.True(r is 1 or 2 or 3 or 4 or 5, $"rating {r}"));
        Assert.Equal(5, ratings.Distinct().Count());
    }

    [Fact]
    public void Cold_start_items_are_released_in_the_final_window_and_nothing_is_consumed_before_its_release()
    {
        var (data, releases) = SmallGenerated.Value;
        var start = Small.StartTime.ToUnixTimeSeconds();
        var windowStart = start + (long)(Small.Duration.TotalSeconds * (1 - Small.ColdStartWindow));

        var cold = releases.Where(r => r.Value >= windowStart).Select(r => r.Key).ToHashSet();
        Assert.Equal((int)Math.Round(Small.Items * Small.ColdStartFraction), cold.Count);
        Assert.All(data.Interactions, r => Assert.True(r.Timestamp >= releases[r.ItemId], $"item {r.ItemId} consumed before its release"));

        // Most cold-start items are found in the little time they have, and only in the window.
        var used = data.Interactions.Where(r => cold.Contains(r.ItemId)).Select(r => r.ItemId).Distinct().Count();
        Assert.True(used >= cold.Count * 0.7, $"{used} of {cold.Count} cold-start items have interactions");
    }

    [Fact]
    public void A_cold_start_part_names_its_series_like_the_earlier_parts_do()
    {
        var (data, releases) = SmallGenerated.Value;
        var windowStart = Small.StartTime.ToUnixTimeSeconds() + (long)(Small.Duration.TotalSeconds * (1 - Small.ColdStartWindow));

        var coldParts = data.Items.Items.Where(i => releases[i.Id] >= windowStart && SeriesAndPart(i.Title).Part > 1).ToArray();
        Assert.NotEmpty(coldParts);
        foreach (var part in coldParts)
        {
            var series = SeriesAndPart(part.Title).Series;
            var earlier = data.Items.Items.Where(i => i.Id != part.Id && SeriesAndPart(i.Title).Series == series).ToArray();
            Assert.NotEmpty(earlier);
            Assert.All(earlier, i => Assert.True(releases[i.Id] < windowStart));
            Assert.Contains(series, part.GetText(ItemFields.Description), StringComparison.Ordinal);
            Assert.Equal(earlier[0].GetText(ItemFields.Genres), part.GetText(ItemFields.Genres));
        }
    }

    [Fact]
    public void Every_item_has_a_title_genres_and_a_description()
    {
        var genres = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in SmallDataset.Items.Items)
        {
            Assert.False(string.IsNullOrWhiteSpace(item.GetText(ItemFields.Title)), item.Id);
            Assert.False(string.IsNullOrWhiteSpace(item.GetText(ItemFields.Description)), item.Id);
            var itemGenres = item.GetText(ItemFields.Genres).Split('|');
            Assert.InRange(itemGenres.Length, 1, 2);
            Assert.All(itemGenres, g => Assert.False(string.IsNullOrWhiteSpace(g)));
            genres.UnionWith(itemGenres);

            // The description names the main genre, so text places the item in its topic.
            Assert.Contains(itemGenres[0].ToLowerInvariant(), item.GetText(ItemFields.Description), StringComparison.Ordinal);
        }

        Assert.InRange(genres.Count, 12, 20);
    }

    [Fact]
    public void A_user_takes_a_series_in_order_from_wherever_they_enter_it()
    {
        var data = SmallDataset;
        var titles = data.Items.Items.ToDictionary(i => i.Id, i => i.Title, StringComparer.Ordinal);
        int continued = 0, enteredLater = 0;
        foreach (var user in data.Interactions.GroupBy(r => r.UserId))
        {
            var lastPart = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var record in user)
            {
                var (series, part) = SeriesAndPart(titles[record.ItemId]);
                if (lastPart.TryGetValue(series, out var previous))
                {
                    Assert.Equal(previous + 1, part);
                    continued++;
                }
                else if (part > 1)
                {
                    // Users who saw the earlier parts before the log began.
                    enteredLater++;
                }

                lastPart[series] = part;
            }
        }

        Assert.True(continued > 5_000, $"{continued} continued parts");
        Assert.True(enteredLater > 500, $"{enteredLater} series entered at a later part");
    }

    [Fact]
    public void Order_aware_next_item_counts_beat_order_blind_co_occurrence_and_popularity_by_a_clear_margin()
    {
        // The product's own baselines on the bundled sample, as `recommender evaluate` scores them.
        var split = LeaveOneOutSplitter.Split(Datasets.Build(DefaultGenerated.Value.Interactions));
        double Ndcg(IRecommenderScorer scorer) => FullRankingEvaluator.Evaluate(split, split.Test, scorer).Get("NDCG@10");
        var transitions = Ndcg(ItemTransitionScorer.Fit(split));
        var itemKnn = Ndcg(ItemKnnScorer.Fit(split));
        var popularity = Ndcg(PopularityScorer.Fit(split));

        // Order matters, as in the public sets (where item-transition beats item-KNN by 1.3 to 3 times), without
        // the next item being mostly a mechanical continuation of the last one.
        Assert.True(transitions >= 1.3 * itemKnn, $"item-transition {transitions:F3} vs item-KNN {itemKnn:F3} (popularity {popularity:F3})");
        Assert.True(transitions <= 2.5 * itemKnn, $"item-transition {transitions:F3} vs item-KNN {itemKnn:F3}: the next item is mostly the last one's follower");

        // Popularity is steep, as in the public sets, yet far below taste and order (there 4 to 11 times below item-transition).
        Assert.True(transitions >= 3 * popularity, $"item-transition {transitions:F3} vs popularity {popularity:F3}");

        // The weak baselines are still sensible: both far better than chance (about 0.006 over 1,500 items).
        Assert.True(popularity > 0.015, $"popularity {popularity:F3}");
        Assert.True(itemKnn > popularity, $"item-KNN {itemKnn:F3} vs popularity {popularity:F3}");
    }

    [Fact]
    public void A_users_whole_history_tells_the_tone_of_the_next_item_better_than_the_last_item_does()
    {
        var data = DefaultGenerated.Value;
        var tones = data.Items.Items.ToDictionary(i => i.Id, i => ToneOf(i.GetText(ItemFields.Description)), StringComparer.Ordinal);
        Assert.Equal(["art-house", "dark", "epic", "light-hearted"], tones.Values.Distinct().Order(StringComparer.Ordinal));
        int users = 0, byHistory = 0, byLast = 0;
        foreach (var user in data.Interactions.GroupBy(r => r.UserId).Where(g => g.Count() >= 20))
        {
            var sequence = user.Select(r => tones[r.ItemId]).ToArray();
            var history = sequence[..^1];
            var common = history.GroupBy(t => t).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
            users++;
            byHistory += common == sequence[^1] ? 1 : 0;
            byLast += history[^1] == sequence[^1] ? 1 : 0;
        }

        // The tone is a lasting taste across genres and sessions: a first-order model reads it from one item only.
        Assert.True(users > 300, $"{users} users with 20 or more items");
        Assert.True(byHistory > byLast * 1.1, $"tone of the next item: the history's commonest {byHistory}, the last item's {byLast}, of {users}");
    }

    [Fact]
    public void At_a_session_start_the_users_favourite_genres_tell_the_next_genre_better_than_the_last_item_does()
    {
        var data = SmallDataset;
        var genres = data.Items.Items.ToDictionary(i => i.Id, i => i.GetText(ItemFields.Genres)!.Split('|')[0], StringComparer.Ordinal);
        int starts = 0, byFavourites = 0, byLast = 0;
        foreach (var user in data.Interactions.GroupBy(r => r.UserId))
        {
            var records = user.ToArray();
            for (var t = 10; t < records.Length; t++)
            {
                // Sessions are at least two hours apart; items within one are closer.
                if (records[t].Timestamp - records[t - 1].Timestamp < 2 * 3600)
                {
                    continue;
                }

                var favourites = records[..t].GroupBy(r => genres[r.ItemId]).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                    .Take(2).Select(g => g.Key).ToArray();
                var next = genres[records[t].ItemId];
                starts++;
                byFavourites += favourites.Contains(next) ? 1 : 0;
                byLast += genres[records[t - 1].ItemId] == next ? 1 : 0;
            }
        }

        Assert.True(starts > 1_000, $"{starts} session starts");
        Assert.True(byFavourites > byLast * 1.2, $"genre at a session start: the two commonest {byFavourites}, the last item's {byLast}, of {starts}");
    }

    [Fact]
    public void Options_out_of_range_are_rejected_with_the_setting_named()
    {
        var cases = new (SyntheticDatasetOptions Options, string Name)[]
        {
            (new() { Users = 0 }, nameof(SyntheticDatasetOptions.Users)),
            (new() { Items = 10 }, nameof(SyntheticDatasetOptions.Items)),
            (new() { MinSequenceLength = 1 }, nameof(SyntheticDatasetOptions.MinSequenceLength)),
            (new() { Items = 60, MaxSequenceLength = 30, MeanSequenceLength = 7, MinSequenceLength = 7 }, nameof(SyntheticDatasetOptions.MinSequenceLength)),
            (new() { MaxSequenceLength = 1_000 }, nameof(SyntheticDatasetOptions.MaxSequenceLength)),
            (new() { MeanSequenceLength = 3 }, nameof(SyntheticDatasetOptions.MeanSequenceLength)),
            (new() { MeanSequenceLength = 200 }, nameof(SyntheticDatasetOptions.MeanSequenceLength)),
            (new() { ColdStartFraction = 0.5 }, nameof(SyntheticDatasetOptions.ColdStartFraction)),
            (new() { ColdStartWindow = 0 }, nameof(SyntheticDatasetOptions.ColdStartWindow)),
            (new() { SeriesFraction = -0.1 }, nameof(SyntheticDatasetOptions.SeriesFraction)),
            (new() { ContinuationProbability = double.NaN }, nameof(SyntheticDatasetOptions.ContinuationProbability)),
            (new() { NoiseProbability = 1.5 }, nameof(SyntheticDatasetOptions.NoiseProbability)),
            (new() { Duration = TimeSpan.FromHours(1) }, nameof(SyntheticDatasetOptions.Duration)),
        };

        foreach (var (options, name) in cases)
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticDatasetGenerator.Generate(options));
            Assert.Equal(name, e.ParamName);
            Assert.Contains(name, e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Any_seed_and_small_size_give_a_well_formed_dataset()
    {
        Gen.Select(Gen.Int, Gen.Int[1, 60], Gen.Int[50, 120], Gen.Double[0, 0.9], Gen.Double[0, 0.3])
            .Sample((seed, users, items, series, cold) =>
            {
                var options = new SyntheticDatasetOptions
                {
                    Seed = seed, Users = users, Items = items, MaxSequenceLength = items / 2, MeanSequenceLength = 10,
                    SeriesFraction = series, ColdStartFraction = cold,
                };
                var data = SyntheticDatasetGenerator.Generate(options);
                Assert.Equal(items, data.Items.Count);
                Assert.All(data.Interactions, r => Assert.True(data.Items.Contains(r.ItemId)));
                foreach (var user in data.Interactions.GroupBy(r => r.UserId))
                {
                    Assert.InRange(user.Count(), options.MinSequenceLength, options.MaxSequenceLength);
                    Assert.Equal(user.Count(), user.Select(r => r.ItemId).Distinct().Count());
                    Assert.True(user.Zip(user.Skip(1)).All(p => p.First.Timestamp < p.Second.Timestamp));
                }
            }, iter: 40);
    }

    [Fact]
    public void Every_user_reaches_the_minimum_length_even_in_a_small_series_heavy_catalog_with_many_late_items()
    {
        Gen.Select(Gen.Int, Gen.Int[50, 80], Gen.Double[0.6, 0.9]).Sample((seed, items, series) =>
        {
            var length = items / 10;
            var options = new SyntheticDatasetOptions
            {
                Seed = seed, Users = 30, Items = items, SeriesFraction = series, ColdStartFraction = 0.3,
                MinSequenceLength = length, MeanSequenceLength = length, MaxSequenceLength = length,
            };
            var data = SyntheticDatasetGenerator.Generate(options);
            Assert.All(data.Interactions.GroupBy(r => r.UserId), user => Assert.Equal(length, user.Count()));
        }, iter: 50);
    }

    private static (string Series, int Part) SeriesAndPart(string title)
    {
        // Titles are "Name (year)" or, for later parts of a series, "Name Part k: Subtitle (year)".
        var at = title.IndexOf(" Part ", StringComparison.Ordinal);
        if (at < 0)
        {
            return (title[..title.LastIndexOf(" (", StringComparison.Ordinal)], 1);
        }

        var colon = title.IndexOf(':', at);
        return (title[..at], int.Parse(title[(at + 6)..colon], CultureInfo.InvariantCulture));
    }

    // Every description tells the story as "A dark, quiet drama story about …" (after the series, for its parts).
    private static string ToneOf(string? description) =>
        System.Text.RegularExpressions.Regex.Match(description!, @"\bAn? ([a-z-]+), [a-z]+ [a-z]").Groups[1].Value;

        private static double Median(int[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private static string Describe(ItemCatalog catalog) =>
        string.Join("\n", catalog.Items.Select(i => string.Join("\t", i.Id, i.Title, i.GetText(ItemFields.Genres), i.GetText(ItemFields.Description))));
}
