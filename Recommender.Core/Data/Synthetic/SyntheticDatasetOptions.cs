using System.Globalization;

namespace Recommender.Data.Synthetic;

/// <summary>
/// Settings of <see cref="SyntheticDatasetGenerator"/>. The defaults produce the bundled sample dataset
/// (<c>data/sample</c>): about 5,000 users, 1,500 items and 200,000 interactions over one year.
/// </summary>
public sealed record SyntheticDatasetOptions
{
    /// <summary>The seed of the random number generator; the same options give the same dataset on every machine. Default: 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>The number of users, each with <see cref="MinSequenceLength"/> to <see cref="MaxSequenceLength"/> interactions. Default: 5,000.</summary>
    public int Users { get; init; } = 5_000;

    /// <summary>The number of items in the catalog (at least 50). A few in the long tail may end up without interactions. Default: 1,500.</summary>
    public int Items { get; init; } = 1_500;

    /// <summary>
    /// The approximate mean number of interactions per user. Lengths follow a long-tailed (truncated Lomax) distribution
    /// between <see cref="MinSequenceLength"/> and <see cref="MaxSequenceLength"/>, so the median is well below the mean;
    /// the mean must be below the midpoint of the two. Default: 40.
    /// </summary>
    public int MeanSequenceLength { get; init; } = 40;

    /// <summary>The fewest interactions a user has (at most a tenth of <see cref="Items"/>); enough for leave-one-out with some history. Default: 5.</summary>
    public int MinSequenceLength { get; init; } = 5;

    /// <summary>
    /// The most interactions a user has; at most half of <see cref="Items"/>, since no user consumes an item twice.
    /// A heavy user of a small catalog may stop short of their length when nothing is left that they would take next. Default: 300.
    /// </summary>
    public int MaxSequenceLength { get; init; } = 300;

    /// <summary>
    /// The fraction of items that belong to an ordered series of 3 to 12 parts, which users follow part by part in order.
    /// Default: 0.3.
    /// </summary>
    public double SeriesFraction { get; init; } = 0.3;

    /// <summary>
    /// The fraction of items that are cold-start: released within the last <see cref="ColdStartWindow"/> of the timeline,
    /// so no interaction with them comes earlier. They are new parts of existing series and new items of existing genres. Default: 0.05.
    /// </summary>
    public double ColdStartFraction { get; init; } = 0.05;

    /// <summary>The final fraction of the timeline in which cold-start items are released. Default: 0.1.</summary>
    public double ColdStartWindow { get; init; } = 0.1;

    /// <summary>
    /// The probability that a user who just consumed a part of a series they are following goes straight on to the next part.
    /// This is the order a sequence model can learn and a co-occurrence model cannot see. Default: 0.4.
    /// </summary>
    public double ContinuationProbability { get; init; } = 0.4;

    /// <summary>The probability that a pick ignores the user's interests: a popular or uniformly random item. Default: 0.1.</summary>
    public double NoiseProbability { get; init; } = 0.1;

    /// <summary>The start of the timeline. Default: 2024-01-01T00:00:00Z.</summary>
    public DateTimeOffset StartTime { get; init; } = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The length of the timeline, from one day to 50 years. Default: 365 days.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromDays(365);

    /// <summary>
    /// These options with the history lengths shrunk where the catalog is too small for them: no user takes an item
    /// twice, so a small catalog caps the longest history, and the long-tailed lengths need their mean below the
    /// midpoint of the shortest and the longest, so the mean shrinks with it.
    /// </summary>
    public SyntheticDatasetOptions WithLengthsFittedToCatalog()
    {
        var longest = Math.Min(MaxSequenceLength, Items / 2);
        var mean = Math.Min(MeanSequenceLength, MinSequenceLength + ((longest - MinSequenceLength - 2) / 2));
        return this with { MaxSequenceLength = longest, MeanSequenceLength = Math.Max(mean, MinSequenceLength) };
    }

    /// <summary>Throws when a setting is out of range, naming the setting and its allowed range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        Require(Users >= 1, nameof(Users), Users, "at least 1 user");
        Require(Items >= 50, nameof(Items), Items, "at least 50 items, enough for every genre and a few series");
        Require(MinSequenceLength >= 2 && MinSequenceLength <= Items / 10, nameof(MinSequenceLength), MinSequenceLength,
            $"from 2 interactions per user to a tenth of the items ({Items / 10}), so that every user finds that many");
        Require(MaxSequenceLength >= MinSequenceLength, nameof(MaxSequenceLength), MaxSequenceLength,
            $"a maximum sequence length of at least the minimum ({MinSequenceLength})");
        Require(MaxSequenceLength <= Items / 2, nameof(MaxSequenceLength), MaxSequenceLength,
            $"a maximum sequence length of at most half the items ({Items / 2}), since no user consumes an item twice");
        // Equal to the minimum means every user has that length; otherwise lengths are long-tailed (most users short,
        // a few long), and such a distribution between a minimum and a maximum has its mean below their midpoint.
        Require(MeanSequenceLength == MinSequenceLength
                || (MeanSequenceLength > MinSequenceLength && (2 * (MeanSequenceLength - MinSequenceLength)) + 1 < MaxSequenceLength - MinSequenceLength),
            nameof(MeanSequenceLength), MeanSequenceLength,
            $"a mean sequence length from the minimum ({MinSequenceLength}) to below the midpoint of the minimum and the maximum "
            + $"({(MinSequenceLength + MaxSequenceLength - 1) / 2.0}), since lengths are long-tailed");
        Require(SeriesFraction is >= 0 and <= 0.9, nameof(SeriesFraction), SeriesFraction, "a fraction from 0 to 0.9");
        Require(ColdStartFraction is >= 0 and <= 0.3, nameof(ColdStartFraction), ColdStartFraction, "a fraction from 0 to 0.3");
        Require(ColdStartWindow is > 0 and <= 0.5, nameof(ColdStartWindow), ColdStartWindow, "a fraction of the timeline above 0 and at most 0.5");
        Require(ContinuationProbability is >= 0 and <= 1, nameof(ContinuationProbability), ContinuationProbability, "a probability from 0 to 1");
        Require(NoiseProbability is >= 0 and <= 1, nameof(NoiseProbability), NoiseProbability, "a probability from 0 to 1");
        Require(Duration >= TimeSpan.FromDays(1) && Duration <= TimeSpan.FromDays(50 * 365.25), nameof(Duration), Duration,
            "a timeline from 1 day to 50 years");
    }

    private static void Require(bool condition, string name, object value, string message)
    {
        if (!condition)
        {
            throw new ArgumentOutOfRangeException(name, value, string.Create(CultureInfo.InvariantCulture, $"{nameof(SyntheticDatasetOptions)}.{name}: expected {message}; got {value}."));
        }
    }
}
