using System.Globalization;

namespace Recommender.Data.Synthetic;

/// <summary>
/// Generates a small, realistic, seeded dataset of users consuming items (films and their sequels) over a timeline.
/// It is built so that both the order and the whole of a user's history matter: items come in ordered series that
/// users follow part by part and come back to sessions later, users browse in topical sessions, and a lasting taste
/// (favourite genres, the sub-topic preferred in each, a preferred tone across all genres) decides what each new
/// session brings, while interests slowly drift. The last item predicts only part of what comes next; a model of the
/// whole sequence can learn the rest, and popularity and order-blind co-occurrence (item-KNN) see less still. Item
/// text names each item's genres, tone, topic words and series, so a text encoder can place unseen (cold-start)
/// items near their series and topic.
/// </summary>
/// <remarks>
/// The output depends only on the options: the generator draws from <c>new Random(seed)</c>, whose seeded sequence is
/// fixed across .NET versions, in a fixed order, and uses only arithmetic that IEEE 754 rounds exactly (+, −, ×, ÷, √),
/// so every machine produces the same dataset.
/// </remarks>
public static class SyntheticDatasetGenerator
{
    private const long Minute = 60;
    private const long Hour = 60 * Minute;
    private const long Day = 24 * Hour;

    // Of a user's picks that are not series continuations or noise: the session's genre, else another favourite.
    // Picks outside the session's genre are where the last item says nothing and the user's taste says much.
    private const double SessionGenreProbability = 0.6;

    // Each genre has a few sub-topics (a mood: space colonies vs. androids). A session keeps to one, and an item
    // of another sub-topic of the genre is this much less likely.
    private const int TopicsPerGenre = 4;
    private const double OffTopicFactor = 0.2;

    // Each user prefers one sub-topic in each genre for good, and a session of that genre is about it this often:
    // which sub-topic a new session brings is told by the user's earlier sessions of the genre, not by the last item.
    private const double PreferredTopicProbability = 0.9;

    // Every item has a tone (light, dark, arty, epic) and every user a lasting preferred one; items of another tone
    // are this much less likely, in every genre. Only a whole history shows the tone a user prefers.
    private const int ToneCount = 4;
    private const double OffToneFactor = 0.15;

    // Chance that a session's next item follows in the same session: sessions of 2.5 items on average, so that
    // many picks open a session, where the user's earlier sessions say more than the last item.
    private const double SessionContinueProbability = 0.6;

    // Chance per session that one of the user's three favourite genres is replaced: interests drift slowly, so old
    // history describes the present taste somewhat less well than the recent part does.
    private const double InterestDriftProbability = 0.08;

    // Many try a series' first part and stop; those who take the second part mostly stay to the end.
    private const double DropAfterFirstPartProbability = 0.3;
    private const double DropAfterLaterPartProbability = 0.02;

    // Chance that a user's first part of a series in the log is a later one: they saw the earlier parts before
    // the log began, as in any real log's window. It keeps later parts as popular as early ones, so co-occurrence
    // cannot tell the next part from the earlier, unseen ones; only the order can.
    private const double JoinLaterProbability = 0.6;

    // A user returns to a series they left off at the start of a session more readily than in the middle of one;
    // which series, and which part, only the history before the last session tells.
    private const double ResumeAtSessionStartProbability = 0.5;
    private const double ResumeMidSessionProbability = 0.05;

    // Of the noise picks, this share follows global popularity; the rest is uniform over the catalog.
    private const double PopularNoiseShare = 0.7;

    // Items released during the timeline (besides the cold-start ones) draw extra interest for a few weeks.
    private const double NewReleaseFraction = 0.08;
    private const double TrendBoost = 4;
    private const long TrendWindow = 30 * Day;

    // Share of cold-start items that are new parts of existing series; the rest are new stand-alone items.
    private const double ColdStartSeriesShare = 0.6;

    private static readonly double[] FavouriteWeights = [0.55, 0.3, 0.15];

    /// <summary>Generates a dataset.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the message names it).</exception>
    public static SyntheticDataset Generate(SyntheticDatasetOptions options) => Generate(options, out _);

    /// <summary>Generates a dataset and tells when each item came out (Unix seconds; the start time for the back catalog).</summary>
    internal static SyntheticDataset Generate(SyntheticDatasetOptions options, out IReadOnlyDictionary<string, long> releaseTimes)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var random = new Random(options.Seed);
        var world = World.Create(options, random);
        var interactions = new List<InteractionRecord>(options.Users * options.MeanSequenceLength);
        var simulator = new UserSimulator(world, options, random);
        for (var user = 1; user <= options.Users; user++)
        {
            simulator.Simulate(user, interactions);
        }

        var items = world.Items.OrderBy(i => i.Id).Select(i => new CatalogItem(
            i.Id.ToString(CultureInfo.InvariantCulture),
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [ItemFields.Title] = i.Title,
                [ItemFields.Genres] = i.SecondGenre < 0
                    ? Vocabulary.Genres[i.Genre].Name
                    : $"{Vocabulary.Genres[i.Genre].Name}|{Vocabulary.Genres[i.SecondGenre].Name}",
                [ItemFields.Description] = i.Description,
            }));
        var start = options.StartTime.ToUnixTimeSeconds();
        releaseTimes = world.Items.ToDictionary(i => i.Id.ToString(CultureInfo.InvariantCulture), i => start + i.Release, StringComparer.Ordinal);
        return new SyntheticDataset(interactions, new ItemCatalog(items));
    }

    private static int SampleGenre(Random random)
    {
        var u = random.NextDouble() * Vocabulary.TotalShare;
        for (var g = 0; g < Vocabulary.Genres.Length - 1; g++)
        {
            u -= Vocabulary.Genres[g].Share;
            if (u < 0)
            {
                return g;
            }
        }

        return Vocabulary.Genres.Length - 1;
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> values) => values[random.Next(values.Count)];

    // Lomax (Pareto II, shape 2) by inversion: long-tailed, and needs only a square root.
    private static double SampleLomax(Random random, double scale) => scale * ((1 / Math.Sqrt(1 - random.NextDouble())) - 1);

    private sealed class Item
    {
        public required int Index { get; init; }

        public int Id { get; set; }

        public required int Genre { get; init; }

        public required int SecondGenre { get; init; }

        // Sub-topic within the main genre, 0 to TopicsPerGenre - 1; it picks the item's title and theme words.
        public required int Topic { get; init; }

        // 0 to ToneCount - 1, across genres; the parts of a series share it.
        public required int Tone { get; init; }

        public int Series { get; init; } = -1;

        // 1-based position in the series; 0 for stand-alone items.
        public int Part { get; init; }

        // Seconds from the start of the timeline; 0 for the back catalog.
        public long Release { get; set; }

        // Popularity when discovered (stand-alone items and first parts); later parts are reached only in order.
        public double Weight { get; set; }

        public double Quality { get; set; }

        public string Title { get; set; } = string.Empty;

        public string Description { get; set; } = string.Empty;

        public bool IsDiscoverable => Part <= 1;
    }

    private sealed class Series
    {
        public required string Name { get; init; }

        public required int Genre { get; init; }

        public required int Topic { get; init; }

        public List<int> Members { get; } = [];
    }

    private sealed class World
    {
        private World(List<Item> items, List<Series> series, long duration)
        {
            Items = items;
            Series = series;
            Duration = duration;
            Discoverable = [.. items.Where(i => i.IsDiscoverable).Select(i => i.Index)];
            AllPool = [.. Discoverable.Select(i => (i, 1.0, -1))];
            GenrePools = new List<(int Item, double Factor, int Topic)>[Vocabulary.Genres.Length];
            for (var g = 0; g < GenrePools.Length; g++)
            {
                GenrePools[g] = [];
            }

            // An item is found through its main genre and, less often and off-topic, through its second one.
            foreach (var item in Discoverable.Select(i => items[i]))
            {
                GenrePools[item.Genre].Add((item.Index, 1.0, item.Topic));
                if (item.SecondGenre >= 0)
                {
                    GenrePools[item.SecondGenre].Add((item.Index, 0.5, -1));
                }
            }
        }

        public List<Item> Items { get; }

        public List<Series> Series { get; }

        public long Duration { get; }

        public int[] Discoverable { get; }

        public List<(int Item, double Factor, int Topic)> AllPool { get; }

        public List<(int Item, double Factor, int Topic)>[] GenrePools { get; }

        public static World Create(SyntheticDatasetOptions options, Random random)
        {
            var duration = (long)options.Duration.TotalSeconds;
            var items = new List<Item>(options.Items);
            var series = new List<Series>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            var seriesBudget = (int)Math.Round(options.Items * options.SeriesFraction);

            // Series of 3 to 12 parts, 6.6 on average (the last one may be cut shorter), like seasons of a show or books of a saga.
            while (seriesBudget - items.Count >= 2)
            {
                var length = 3;
                for (var trial = 0; trial < 9; trial++)
                {
                    length += random.NextDouble() < 0.4 ? 1 : 0;
                }

                length = Math.Min(length, seriesBudget - items.Count);
                var genre = SampleGenre(random);
                var second = SampleSecondGenre(random, genre);
                var topic = random.Next(TopicsPerGenre);
                var tone = random.Next(ToneCount);
                var s = new Series { Name = UniqueSeriesName(random, genre, topic, names), Genre = genre, Topic = topic };
                var quality = (random.NextDouble() * 1.6) - 0.8;
                for (var part = 1; part <= length; part++)
                {
                    var item = new Item
                    {
                        Index = items.Count, Genre = genre, SecondGenre = second, Topic = topic, Tone = tone, Series = series.Count, Part = part,
                    };
                    item.Quality = quality + (random.NextDouble() * 0.4) - 0.2;
                    s.Members.Add(item.Index);
                    items.Add(item);
                }

                series.Add(s);
            }

            while (items.Count < options.Items)
            {
                var genre = SampleGenre(random);
                items.Add(new Item
                {
                    Index = items.Count,
                    Genre = genre,
                    SecondGenre = SampleSecondGenre(random, genre),
                    Topic = random.Next(TopicsPerGenre),
                    Tone = random.Next(ToneCount),
                    Quality = (random.NextDouble() * 2) - 1,
                });
            }

            AssignPopularity(items, random);
            AssignReleases(options, items, series, duration, random);
            var world = new World(items, series, duration);
            world.WriteText(options.StartTime.Year, names, random);

            // Ids are a random permutation, so that an id says nothing about an item's series or position in it.
            var ids = Enumerable.Range(1, items.Count).ToArray();
            for (var i = ids.Length - 1; i > 0; i--)
            {
                var j = random.Next(i + 1);
                (ids[i], ids[j]) = (ids[j], ids[i]);
            }

            foreach (var item in items)
            {
                item.Id = ids[item.Index];
            }

            return world;
        }

        private static int SampleSecondGenre(Random random, int genre)
        {
            if (random.NextDouble() >= 0.4)
            {
                return -1;
            }

            var second = SampleGenre(random);
            return second == genre ? -1 : second;
        }

        // Zipf–Mandelbrot over the things users discover (stand-alone items and series), in a random order:
        // a head of popular items and a long tail, steep enough that the most popular 1 % of items draw about as
        // large a share of interactions as in the public MovieLens and Amazon sets, with a small offset that keeps
        // the very first ranks from dominating.
        private static void AssignPopularity(List<Item> items, Random random)
        {
            var units = items.Where(i => i.IsDiscoverable).ToArray();
            var ranks = Enumerable.Range(1, units.Length).ToArray();
            for (var i = ranks.Length - 1; i > 0; i--)
            {
                var j = random.Next(i + 1);
                (ranks[i], ranks[j]) = (ranks[j], ranks[i]);
            }

            var offset = Math.Max(1.0, units.Length / 100.0);
            for (var i = 0; i < units.Length; i++)
            {
                // x^-1.25 from square roots, which IEEE 754 rounds exactly (Math.Pow may differ across platforms).
                var x = ranks[i] + offset;
                units[i].Weight = 1 / (x * Math.Sqrt(Math.Sqrt(x)));
            }
        }

        private static void AssignReleases(SyntheticDatasetOptions options, List<Item> items, List<Series> series, long duration, Random random)
        {
            var coldStart = (int)Math.Round(options.Items * options.ColdStartFraction);
            var coldStartParts = Math.Min((int)Math.Round(coldStart * ColdStartSeriesShare), series.Count);
            var windowStart = duration - (long)(duration * options.ColdStartWindow);
            var lastParts = Shuffled(series.Select(s => s.Members[^1]).ToList(), random);
            var standAlone = Shuffled(items.Where(i => i.Series < 0).Select(i => i.Index).ToList(), random);

            // Cold-start: a returning series' new last part, or a new item of an existing genre, both released late
            // (but a day before the end when the window allows, so that they get some interactions).
            var cold = lastParts.Take(coldStartParts).Concat(standAlone.Take(coldStart - coldStartParts)).ToList();
            var latest = Math.Max(windowStart, duration - Day);
            foreach (var index in cold)
            {
                items[index].Release = windowStart + (long)(random.NextDouble() * (latest - windowStart));
            }

            // New releases during the year, before the cold-start window; the back catalog is out from the start.
            var fresh = lastParts.Skip(coldStartParts).Concat(standAlone.Skip(coldStart - coldStartParts)).ToList();
            var newReleases = Math.Min((int)Math.Round(options.Items * NewReleaseFraction), fresh.Count);
            foreach (var index in Shuffled(fresh, random).Take(newReleases))
            {
                items[index].Release = (long)(duration * 0.02) + (long)(random.NextDouble() * (windowStart - (duration * 0.02)));
            }
        }

        private static List<int> Shuffled(List<int> values, Random random)
        {
            for (var i = values.Count - 1; i > 0; i--)
            {
                var j = random.Next(i + 1);
                (values[i], values[j]) = (values[j], values[i]);
            }

            return values;
        }

        // Names are unique (up to 50 tries), so a title's name always means the same series or item.
        private static string UniqueName(HashSet<string> taken, Func<string> next)
        {
            var name = next();
            for (var attempt = 1; attempt < 50 && !taken.Add(name); attempt++)
            {
                name = next();
            }

            return name;
        }

        private static string UniqueSeriesName(Random random, int genre, int topic, HashSet<string> taken)
        {
            var words = new TopicWords(genre, topic);
            return UniqueName(taken, () => random.Next(3) switch
            {
                0 => $"The {words.Noun(random)} {Pick(random, Vocabulary.SeriesSuffixes)}",
                1 => $"{words.Adjective(random)} {words.Noun(random)}",
                _ => $"{words.Noun(random)} of the {words.Adjective(random)} {words.Noun(random, avoid: true)}",
            });
        }

        private void WriteText(int startYear, HashSet<string> names, Random random)
        {
            foreach (var s in Series)
            {
                // Parts come out a year or three apart; a part released during the timeline is from its first year.
                var years = new int[s.Members.Count];
                var last = Items[s.Members[^1]];
                years[^1] = last.Release > 0 ? startYear : startYear - 1 - random.Next(15);
                for (var k = years.Length - 2; k >= 0; k--)
                {
                    years[k] = Math.Min(years[k + 1] - 1 - random.Next(3), startYear - 1);
                }

                var words = new TopicWords(s.Genre, s.Topic);
                var previousSubtitle = string.Empty;
                for (var k = 0; k < s.Members.Count; k++)
                {
                    var item = Items[s.Members[k]];
                    var subtitle = $"{words.Adjective(random)} {words.Noun(random)}";
                    item.Title = k == 0 ? $"{s.Name} ({years[k]})" : $"{s.Name} Part {k + 1}: {subtitle} ({years[k]})";
                    var story = Story(words, item, random);
                    item.Description = k == 0
                        ? $"The first part of the series {s.Name}. {story}"
                        : $"Part {k + 1} of the series {s.Name}, continuing the story after {(k == 1 ? s.Name : previousSubtitle)}. {story}";
                    previousSubtitle = subtitle;
                }
            }

            foreach (var item in Items.Where(i => i.Series < 0))
            {
                var words = new TopicWords(item.Genre, item.Topic);
                var year = item.Release > 0 ? startYear : startYear - 1 - random.Next(45);
                var name = UniqueName(names, () => random.Next(4) switch
                {
                    0 => $"{words.Adjective(random)} {words.Noun(random)}",
                    1 => $"The {words.Noun(random)}",
                    2 => $"The {words.Noun(random)} of the {words.Noun(random, avoid: true)}",
                    _ => $"The {words.Adjective(random)} {words.Noun(random)} of the {words.Noun(random, avoid: true)}",
                });
                item.Title = $"{name} ({year})";
                item.Description = Story(words, item, random);
            }
        }

        // "A dark, quiet drama and romance story about a long road back home." — tone, genre names and the sub-topic's themes.
        private static string Story(TopicWords words, Item item, Random random)
        {
            var tone = Vocabulary.Tones[item.Tone];
            var adjective = words.Adjective(random).ToLowerInvariant();
            var genres = item.SecondGenre < 0
                ? Vocabulary.Genres[item.Genre].Name.ToLowerInvariant()
                : $"{Vocabulary.Genres[item.Genre].Name.ToLowerInvariant()} and {Vocabulary.Genres[item.SecondGenre].Name.ToLowerInvariant()}";
            var article = "aeiou".Contains(tone[0], StringComparison.Ordinal) ? "An" : "A";
            return $"{article} {tone}, {adjective} {genres} story about {words.Theme(random)}.";
        }
    }

    // The words of one sub-topic of a genre: its nouns and themes, and the genre's adjectives.
    private sealed class TopicWords(int genre, int topic)
    {
        private readonly Genre _genre = Vocabulary.Genres[genre];
        private readonly Topic _topic = Vocabulary.Genres[genre].Topics[topic];
        private int _lastNoun = -1;

        // With avoid: true, never the noun drawn just before, so no title reads "The River of the River".
        public string Noun(Random random, bool avoid = false)
        {
            var size = _topic.Nouns.Length;
            _lastNoun = avoid && _lastNoun >= 0 ? (_lastNoun + 1 + random.Next(size - 1)) % size : random.Next(size);
            return _topic.Nouns[_lastNoun];
        }

        public string Theme(Random random) => Pick(random, _topic.Themes);

        public string Adjective(Random random) => Pick(random, _genre.Adjectives);
    }

    // Simulates one user at a time; the scratch state is reused, so a whole dataset allocates little.
    private sealed class UserSimulator
    {
        private readonly World _world;
        private readonly SyntheticDatasetOptions _options;
        private readonly Random _random;
        private readonly long _startSeconds;
        private readonly double _lengthScale;
        private readonly int[] _seenBy;
        private readonly int[] _seriesTouchedBy;

        // The last part of each series the current user has seen (valid where _seriesTouchedBy is the user).
        private readonly int[] _lastPartSeen;
        private readonly double[] _scratch;

        // Series the user follows and the part they are due to see next; most recently touched last.
        private readonly List<(int Series, int NextPart)> _following = [];
        private readonly int[] _favourites = new int[3];

        // The user's lasting taste: the sub-topic preferred in each genre, and the tone preferred in all.
        private readonly int[] _preferredTopics = new int[Vocabulary.Genres.Length];
        private int _tone;
        private readonly List<long> _times = [];
        private readonly List<bool> _sessionStarts = [];

        private int _user;
        private int _sessionGenre;
        private int _sessionTopic;
        private int _last;

        public UserSimulator(World world, SyntheticDatasetOptions options, Random random)
        {
            _world = world;
            _options = options;
            _random = random;
            _startSeconds = options.StartTime.ToUnixTimeSeconds();
            _seenBy = new int[world.Items.Count];
            _seriesTouchedBy = new int[world.Series.Count];
            _lastPartSeen = new int[world.Series.Count];
            _scratch = new double[world.Items.Count];

            // Lengths are min + Lomax(scale) truncated to max - min. Truncated at M, a shape-2 Lomax has mean M t / (1 + t)
            // with t = scale / (scale + M); solving for the mean wanted (plus a half for the rounding down) gives the scale.
            var range = (double)(options.MaxSequenceLength - options.MinSequenceLength);
            var excess = options.MeanSequenceLength - options.MinSequenceLength + 0.5;
            var t = excess / (range - excess);
            _lengthScale = options.MeanSequenceLength == options.MinSequenceLength ? 0 : t * range / (1 - t);
        }

        public void Simulate(int user, List<InteractionRecord> output)
        {
            _user = user;
            _following.Clear();
            _last = -1;
            var userId = user.ToString(CultureInfo.InvariantCulture);
            var length = SampleLength();
            SampleTimes(length);
            PickFavourites();
            PickTaste();
            for (var t = 0; t < length; t++)
            {
                var now = _times[t];
                if (_sessionStarts[t])
                {
                    StartSession();
                }

                var (index, continued) = Choose(now, _sessionStarts[t]);
                if (index < 0)
                {
                    break;
                }

                var item = _world.Items[index];
                _seenBy[index] = user;
                if (item.Series >= 0)
                {
                    _seriesTouchedBy[item.Series] = user;
                    _lastPartSeen[item.Series] = item.Part;
                }

                var dropped = UpdateFollowing(item);
                output.Add(new InteractionRecord(userId, item.Id.ToString(CultureInfo.InvariantCulture), _startSeconds + now, Rate(item, continued, dropped)));
                _last = index;
            }
        }

        // Redrawn rather than capped above the maximum, so no crowd of users sits exactly at it.
        private int SampleLength()
        {
            var range = _options.MaxSequenceLength - _options.MinSequenceLength;
            var extra = SampleLomax(_random, _lengthScale);
            for (var attempt = 0; extra >= range + 1 && attempt < 1_000; attempt++)
            {
                extra = SampleLomax(_random, _lengthScale);
            }

            return _options.MinSequenceLength + (int)Math.Min(extra, range);
        }

        // Sessions of a few items an episode apart, separated by days; then the whole activity is placed on the
        // timeline, squeezed if it would not fit, so that interactions spread evenly over the year.
        private void SampleTimes(int length)
        {
            _times.Clear();
            _sessionStarts.Clear();
            var sessionGap = Day * (1 + (7 * _random.NextDouble()));
            long offset = 0;
            for (var t = 0; t < length; t++)
            {
                var starts = t == 0 || _random.NextDouble() >= SessionContinueProbability;
                if (t > 0)
                {
                    offset += starts
                        ? (2 * Hour) + (long)Math.Min(SampleLomax(_random, sessionGap), 60 * Day)
                        : (20 * Minute) + _random.Next((int)(130 * Minute));
                }

                _times.Add(offset);
                _sessionStarts.Add(starts);
            }

            var horizon = _world.Duration - 1;
            var span = _times[^1];
            if (span > horizon)
            {
                var previous = -1L;
                for (var t = 0; t < length; t++)
                {
                    var squeezed = Math.Max(previous + 1, (long)(_times[t] * ((double)horizon / span)));
                    _times[t] = squeezed;
                    previous = squeezed;
                }

                span = _times[^1];
            }

            var start = (long)(_random.NextDouble() * (horizon - span));
            for (var t = 0; t < length; t++)
            {
                _times[t] += start;
            }
        }

        private void PickFavourites()
        {
            for (var k = 0; k < _favourites.Length; k++)
            {
                _favourites[k] = NewFavourite();
            }
        }

        private void PickTaste()
        {
            _tone = _random.Next(ToneCount);
            for (var g = 0; g < _preferredTopics.Length; g++)
            {
                _preferredTopics[g] = _random.Next(TopicsPerGenre);
            }
        }

        private int NewFavourite()
        {
            // Distinct from the current favourites when possible, so a user has three interests.
            var genre = SampleGenre(_random);
            for (var attempt = 0; attempt < 10 && Array.IndexOf(_favourites, genre) >= 0; attempt++)
            {
                genre = SampleGenre(_random);
            }

            return genre;
        }

        private void StartSession()
        {
            if (_random.NextDouble() < InterestDriftProbability)
            {
                _favourites[_random.Next(_favourites.Length)] = -1;
                var replaced = Array.IndexOf(_favourites, -1);
                _favourites[replaced] = NewFavourite();
            }

            _sessionGenre = SampleFavourite();
            _sessionTopic = _random.NextDouble() < PreferredTopicProbability ? _preferredTopics[_sessionGenre] : _random.Next(TopicsPerGenre);
        }

        private int SampleFavourite()
        {
            var u = _random.NextDouble();
            for (var k = 0; k < FavouriteWeights.Length - 1; k++)
            {
                u -= FavouriteWeights[k];
                if (u < 0)
                {
                    return _favourites[k];
                }
            }

            return _favourites[^1];
        }

        private (int Item, bool Continued) Choose(long now, bool sessionStart)
        {
            // Binge: straight on to the next part of the series just watched.
            if (_last >= 0 && _world.Items[_last].Series >= 0)
            {
                var next = NextPart(_world.Items[_last].Series, now);
                if (next >= 0 && _random.NextDouble() < _options.ContinuationProbability)
                {
                    return (next, true);
                }
            }

            // Resume a series left off earlier (including one whose next part has just come out).
            if (_following.Count > 0 && _random.NextDouble() < (sessionStart ? ResumeAtSessionStartProbability : ResumeMidSessionProbability))
            {
                for (var k = _following.Count - 1; k >= 0; k--)
                {
                    var next = NextPart(_following[k].Series, now);
                    if (next >= 0)
                    {
                        return (next, true);
                    }
                }
            }

            var u = _random.NextDouble();
            int item;
            if (u < _options.NoiseProbability * PopularNoiseShare)
            {
                item = PickWeighted(_world.AllPool, now);
            }
            else if (u < _options.NoiseProbability)
            {
                item = PickUniform(now);
            }
            else
            {
                var inSession = _random.NextDouble() < SessionGenreProbability;
                var genre = inSession ? _sessionGenre : SampleFavourite();
                item = PickWeighted(_world.GenrePools[genre], now, inSession ? _sessionTopic : _preferredTopics[genre], _tone);
                item = item >= 0 ? item : PickWeighted(_world.AllPool, now);
            }

            return item >= 0 ? (EntryPart(item, now), false) : (ReturnToAnySeries(now), true);
        }

        // Only when nothing is left to discover (a heavy user of a small catalog): back to a series the user began,
        // dropped ones included, at the part after the last one seen, so that series are still taken in order.
        private int ReturnToAnySeries(long now)
        {
            for (var s = 0; s < _world.Series.Count; s++)
            {
                if (_seriesTouchedBy[s] != _user)
                {
                    continue;
                }

                var members = _world.Series[s].Members;
                var next = _lastPartSeen[s];
                if (next < members.Count && _world.Items[members[next]].Release <= now)
                {
                    return members[next];
                }
            }

            return -1;
        }

        // A series is discovered through its first part; some users enter at a later part already out.
        private int EntryPart(int index, long now)
        {
            var item = _world.Items[index];
            if (item.Series < 0 || _random.NextDouble() >= JoinLaterProbability)
            {
                return index;
            }

            var members = _world.Series[item.Series].Members;
            var released = 1;
            while (released < members.Count && _world.Items[members[released]].Release <= now)
            {
                released++;
            }

            return released == 1 ? index : members[1 + _random.Next(released - 1)];
        }

        // The next part of a followed series, when it is out and unseen; otherwise -1.
        private int NextPart(int series, long now)
        {
            var k = _following.FindIndex(f => f.Series == series);
            if (k < 0)
            {
                return -1;
            }

            var next = _world.Series[series].Members[_following[k].NextPart - 1];
            return _world.Items[next].Release <= now && _seenBy[next] != _user ? next : -1;
        }

        // Returns whether the user dropped the series after this part.
        private bool UpdateFollowing(Item item)
        {
            if (item.Series < 0)
            {
                return false;
            }

            var k = _following.FindIndex(f => f.Series == item.Series);
            if (k >= 0)
            {
                _following.RemoveAt(k);
            }

            if (item.Part == _world.Series[item.Series].Members.Count)
            {
                return false;
            }

            // Someone entering at a later part saw the earlier ones before the log began: a fan, unlikely to stop.
            var drop = item.Part == 1 ? DropAfterFirstPartProbability : DropAfterLaterPartProbability;
            if (_random.NextDouble() < drop)
            {
                return true;
            }

            _following.Add((item.Series, item.Part + 1));
            return false;
        }

        private int PickWeighted(List<(int Item, double Factor, int Topic)> candidates, long now, int topic = -1, int tone = -1)
        {
            var total = 0.0;
            var count = 0;
            foreach (var (index, factor, itemTopic) in candidates)
            {
                var weight = Available(index, now) ? factor * Attraction(_world.Items[index], now) : 0;
                weight *= topic < 0 || itemTopic == topic ? 1 : OffTopicFactor;
                weight *= tone < 0 || _world.Items[index].Tone == tone ? 1 : OffToneFactor;
                _scratch[count++] = weight;
                total += weight;
            }

            if (total <= 0)
            {
                return -1;
            }

            // The last candidate with weight absorbs rounding, so a draw never falls past the end.
            var u = _random.NextDouble() * total;
            var chosen = -1;
            for (var k = 0; k < count; k++)
            {
                if (_scratch[k] > 0)
                {
                    chosen = candidates[k].Item;
                    u -= _scratch[k];
                    if (u < 0)
                    {
                        break;
                    }
                }
            }

            return chosen;
        }

        private int PickUniform(long now)
        {
            for (var attempt = 0; attempt < 100; attempt++)
            {
                var index = _world.Discoverable[_random.Next(_world.Discoverable.Length)];
                if (Available(index, now))
                {
                    return index;
                }
            }

            return PickWeighted(_world.AllPool, now);
        }

        // A series the user has begun is continued, never discovered again.
        private bool Available(int index, long now)
        {
            var item = _world.Items[index];
            return _seenBy[index] != _user && item.Release <= now && (item.Series < 0 || _seriesTouchedBy[item.Series] != _user);
        }

        private static double Attraction(Item item, long now)
        {
            if (item.Release <= 0)
            {
                return item.Weight;
            }

            var age = now - item.Release;
            return age >= TrendWindow ? item.Weight : item.Weight * (1 + (TrendBoost * (TrendWindow - age) / TrendWindow));
        }

        // 1 to 5 stars: item quality, whether it is one of the user's genres, the pull of a series followed on,
        // the disappointment of a first part that made the user stop, and noise; roughly MovieLens's spread.
        private float Rate(Item item, bool continued, bool dropped)
        {
            var liked = Array.IndexOf(_favourites, item.Genre) >= 0;
            var toneLiked = item.Tone == _tone;
            var noise = _random.NextDouble() + _random.NextDouble() + _random.NextDouble() - 1.5;
            var score = 3.3 + (0.8 * item.Quality) + (liked ? 0.4 : -0.5) + (toneLiked ? 0.2 : 0) + (continued ? 0.3 : 0) - (dropped ? 1.2 : 0) + (1.8 * noise);
            return (float)Math.Clamp(Math.Floor(score + 0.5), 1, 5);
        }
    }

    // A genre's sub-topic: the nouns its titles use and the themes its descriptions tell.
    private sealed record Topic(string[] Nouns, string[] Themes);

    private sealed record Genre(string Name, double Share, string[] Adjectives, Topic[] Topics);

    // Word lists per genre and sub-topic: titles and descriptions are built from them, so text reveals an item's topic.
    private static class Vocabulary
    {
        public static readonly string[] SeriesSuffixes = ["Chronicles", "Saga", "Files", "Legacy", "Cycle", "Story"];

        // One word per tone, as descriptions name it.
        public static readonly string[] Tones = ["light-hearted", "dark", "art-house", "epic"];

        // Shares are relative: how many of the items have the genre as their main one.
        public static readonly Genre[] Genres =
        [
            new("Drama", 1.6, ["Quiet", "Broken", "Distant", "Golden", "Last", "Gentle", "Fragile", "Long"],
            [
                new(["Daughter", "Letter", "Silence"], ["a family torn apart by an old secret", "a mother and daughter who stopped talking"]),
                new(["Harvest", "Orchard", "Winter"], ["a farm about to be sold", "a small town in a hard winter"]),
                new(["Promise", "Bridge", "Homecoming"], ["a long road back home", "the weight of a broken promise"]),
                new(["River", "Garden", "Lighthouse"], ["grief and second chances", "a friendship tested by time"]),
            ]),
            new("Comedy", 1.5, ["Crazy", "Awkward", "Lucky", "Totally", "Big", "Wild", "Clumsy", "Ridiculous"],
            [
                new(["Wedding", "Reunion", "Party"], ["a wedding where everything goes wrong", "a reunion nobody wanted"]),
                new(["Roommate", "Neighbor", "Babysitter"], ["two mismatched roommates", "a lie that keeps growing"]),
                new(["Vacation", "Karaoke", "Pizza"], ["a vacation that spirals out of control", "a dog who inherits a fortune"]),
                new(["Office", "Intern", "Mixup"], ["an office full of misfits", "a week of mistaken identities"]),
            ]),
            new("Action", 1.2, ["Maximum", "Deadly", "Iron", "Rapid", "Lethal", "Final", "Armored", "Explosive"],
            [
                new(["Protocol", "Extraction", "Vendetta"], ["a rogue agent on the run", "a betrayal inside the agency"]),
                new(["Impact", "Velocity", "Blitz"], ["a race against a ticking bomb", "a convoy that must not stop"]),
                new(["Siege", "Outpost", "Strike"], ["a lone soldier against a private army", "a city under siege"]),
                new(["Target", "Fury", "Payback"], ["a hostage rescue at sea", "a mercenary with one last job"]),
            ]),
            new("Thriller", 1.1, ["Cold", "Silent", "Double", "Burning", "Relentless", "Fatal", "Paranoid", "Sleepless"],
            [
                new(["Conspiracy", "Dossier", "Informant"], ["a journalist who knows too much", "a cover-up that reaches the top"]),
                new(["Stranger", "Alibi", "Trap"], ["a stranger who moves in next door", "a witness nobody believes"]),
                new(["Hostage", "Ransom", "Deadline"], ["a phone call that cannot be traced", "a kidnapping with no ransom demand"]),
                new(["Surveillance", "Blackout", "Pursuit"], ["a hacker hunted by her own clients", "a night that never ends"]),
            ]),
            new("Sci-Fi", 1.0, ["Infinite", "Dark", "Stellar", "Synthetic", "Distant", "Lost", "Orbital", "Binary"],
            [
                new(["Starship", "Colony", "Orbit"], ["a colony ship drifting between stars", "a crew stranded on a frozen moon"]),
                new(["Android", "Singularity", "Circuit"], ["an android who learns to dream", "a mind uploaded into a machine"]),
                new(["Signal", "Nebula", "Cosmos"], ["a signal from beyond the galaxy", "first contact gone wrong"]),
                new(["Quantum", "Horizon", "Eclipse"], ["a war over the last habitable planet", "time loops aboard a research station"]),
            ]),
            new("Romance", 1.0, ["Sweet", "Endless", "Tender", "Secret", "Starry", "Forever", "Sudden", "Lovesick"],
            [
                new(["Summer", "Sunset", "Honeymoon"], ["a summer romance by the sea", "two strangers who meet on a train"]),
                new(["Letters", "Valentine", "Rose"], ["a love letter delivered twenty years late", "a bakery and a broken heart"]),
                new(["Paris", "Moonlight", "Serenade"], ["lovers separated by an ocean", "an arranged marriage that turns real"]),
                new(["Heart", "Kiss", "Dance"], ["rivals who fall for each other", "a wedding planner who never marries"]),
            ]),
            new("Crime", 0.9, ["Dirty", "Bloody", "Crooked", "Street", "Hard", "Stolen", "Corrupt", "Wanted"],
            [
                new(["Syndicate", "Mob", "Racket"], ["a detective undercover in a crime family", "a lawyer defending a mob boss"]),
                new(["Heist", "Vault", "Getaway"], ["a bank heist planned for years", "a getaway driver's last run"]),
                new(["Cartel", "Smuggler", "Underworld"], ["a cartel war on the border", "a forger with a perfect copy"]),
                new(["Precinct", "Verdict", "Ledger"], ["a cop who crosses the line", "a ledger that can bring down a city"]),
            ]),
            new("Fantasy", 0.8, ["Enchanted", "Ancient", "Shadow", "Silver", "Forgotten", "Eternal", "Mystic", "Elven"],
            [
                new(["Crown", "Throne", "Kingdom"], ["an heir to a stolen throne", "a quest for a shattered crown"]),
                new(["Dragon", "Griffin", "Forest"], ["a dragon that guards the last spring", "a war between the elves and the mountain kings"]),
                new(["Sorcerer", "Spellbook", "Rune"], ["an apprentice who breaks an ancient spell", "a witch who lost her name"]),
                new(["Oracle", "Amulet", "Realm"], ["a prophecy read the wrong way", "a map to a kingdom under the sea"]),
            ]),
            new("Horror", 0.8, ["Haunted", "Cursed", "Bleeding", "Silent", "Wicked", "Unholy", "Rotting", "Grim"],
            [
                new(["Attic", "Cellar", "Whisper"], ["a family moving into a haunted farmhouse", "something living in the walls"]),
                new(["Ritual", "Curse", "Crypt"], ["a ritual that opens a door", "a village that sacrifices a stranger"]),
                new(["Doll", "Mask", "Possession"], ["a doll that will not stay buried", "a curse passed on by a video tape"]),
                new(["Hollow", "Scarecrow", "Asylum"], ["campers hunted in the woods", "an asylum with one patient left"]),
            ]),
            new("Mystery", 0.7, ["Hidden", "Missing", "Secret", "Curious", "Veiled", "Crooked", "Peculiar", "Locked"],
            [
                new(["Manor", "Portrait", "Locket"], ["an heiress who vanished from a manor", "a portrait that hides a confession"]),
                new(["Cipher", "Archive", "Key"], ["a cipher left in a dead man's diary", "a missing page from a famous novel"]),
                new(["Inspector", "Clue", "Lantern"], ["a murder in a locked room", "an inspector on holiday who cannot rest"]),
                new(["Witness", "Riddle", "Disappearance"], ["a village where everyone lies", "a train full of suspects"]),
            ]),
            new("Animation", 0.7, ["Little", "Magic", "Brave", "Tiny", "Happy", "Funny", "Sparkly", "Fuzzy"],
            [
                new(["Robot", "Rocket", "Toybox"], ["a little robot looking for a friend", "a toy who gets lost on a road trip"]),
                new(["Penguin", "Bunny", "Puppy"], ["a penguin who wants to fly", "talking animals saving their forest"]),
                new(["Wizard", "Cloud", "Dragonfly"], ["a girl who can paint doors into other worlds", "a clumsy wizard's first day at school"]),
                new(["Snowman", "Island", "Submarine"], ["a snowman who dreams of summer", "a submarine full of singing fish"]),
            ]),
            new("Family", 0.6, ["Best", "Merry", "Little", "Amazing", "Jolly", "Big", "Cozy", "Lucky"],
            [
                new(["Treehouse", "Backyard", "Lemonade"], ["siblings who build a treehouse kingdom", "a lemonade stand that becomes a business"]),
                new(["Camp", "Scouts", "Picnic"], ["a summer camp in danger of closing", "a family of inventors"]),
                new(["Holiday", "Grandpa", "Snowday"], ["a holiday road trip with grandpa", "a snow day that changes everything"]),
                new(["Pony", "Pet", "Sleepover"], ["a runaway pony and the girl who finds it", "a dog who helps a boy make friends"]),
            ]),
            new("Documentary", 0.6, ["Untold", "Hidden", "Living", "Human", "Wild", "True", "Deep", "Frozen"],
            [
                new(["Ocean", "Wildlife", "Rainforest"], ["the life of whales in the deep ocean", "a year in a disappearing rainforest"]),
                new(["Empire", "Revolution", "Frontier"], ["the rise and fall of an ancient empire", "a revolution told by those who lived it"]),
                new(["Genome", "Planet", "Climate"], ["scientists racing to read the genome", "the secret life of city birds"]),
                new(["Economy", "Journey", "Glacier"], ["the workers behind a global economy", "climbers on the hardest mountain"]),
            ]),
            new("War", 0.4, ["Bitter", "Last", "Iron", "Broken", "Brave", "Scorched", "Fallen", "Forgotten"],
            [
                new(["Battalion", "Trench", "Front"], ["a squad behind enemy lines", "a siege through a long winter"]),
                new(["Squadron", "Beachhead", "Flag"], ["pilots on their final mission", "a soldier walking home after the armistice"]),
                new(["Resistance", "Bunker", "Armistice"], ["a resistance cell in an occupied city", "codebreakers racing the enemy"]),
                new(["Convoy", "Citadel", "Garrison"], ["nurses at a field hospital", "a convoy crossing a frozen sea"]),
            ]),
            new("Musical", 0.4, ["Singing", "Dancing", "Swinging", "Golden", "Electric", "Starlit", "Jazzy", "Velvet"],
            [
                new(["Stage", "Broadway", "Overture"], ["a chorus girl's big break on Broadway", "a small town that stages an opera"]),
                new(["Rhythm", "Tango", "Cabaret"], ["a dance school facing closure", "a tango club in an old harbor"]),
                new(["Ballad", "Encore", "Jukebox"], ["a band on its last tour", "a jukebox that plays the future"]),
                new(["Harmony", "Chorus", "Melody"], ["rival choirs at a national contest", "a songwriter who lost her voice"]),
            ]),
            new("Western", 0.3, ["Dusty", "Lone", "Red", "High", "Wild", "Rawhide", "Savage", "Thirsty"],
            [
                new(["Sheriff", "Gunslinger", "Outlaw"], ["a sheriff facing a gang alone", "a duel at high noon"]),
                new(["Bounty", "Canyon", "Mesa"], ["a bounty hunter on a cold trail", "an outlaw who wants to go straight"]),
                new(["Ranch", "Rustler", "Prairie"], ["ranchers fighting over water", "a widow defending her ranch"]),
                new(["Stagecoach", "Gulch", "Saddle"], ["a stagecoach crossing hostile land", "a gold rush town at its peak"]),
            ]),
        ];

        public static readonly double TotalShare = Genres.Sum(g => g.Share);
    }
}
