using System.Globalization;
using CsCheck;
using Recommender.Data;

namespace Recommender.Tests.Core;

public sealed class IdMapTests
{
    [Fact]
    public void Indices_start_at_one_because_zero_is_padding()
    {
        var map = new IdMap(["a", "b"]);

        Assert.Equal(IdMap.Padding, 0);
        Assert.Equal((1, 2), (map["a"], map["b"]));
        Assert.Equal("b", map.GetId(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => map.GetId(IdMap.Padding));
        Assert.Contains("'c' is not in the id map", Assert.Throws<KeyNotFoundException>(() => map["c"]).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "1", "42", "-7" }, IdKind.Numeric)]
    [InlineData(new[] { "1", "042" }, IdKind.Text)]
    [InlineData(new[] { "1", "+2" }, IdKind.Text)]
    [InlineData(new[] { "tt0111161" }, IdKind.Text)]
    public void Kind_is_numeric_only_when_every_id_is_a_canonical_integer(string[] ids, IdKind expected) =>
        Assert.Equal(expected, new IdMap(ids).Kind);

    // Mostly integers (some repeated, some in non-canonical spellings, "+" among them, which JSON writes escaped),
    // sometimes a word that turns the map into text.
    private static readonly Gen<string> MixedId = Gen.Frequency(
        (6, Gen.Long[-50, 50].Select(n => n.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.Long.Select(n => n.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.Int[0, 50].Select(n => "0" + n.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.Int[0, 50].Select(n => "+" + n.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.String[1, 4]));

    [Fact]
    public void Any_map_round_trips_through_save_and_load_with_its_kind()
    {
        Gen.Frequency((1, Gen.String[1, 10]), (3, MixedId)).HashSet[0, 200].Sample(ids =>
        {
            var map = new IdMap(ids.Where(i => i.Length > 0));
            using var stream = new MemoryStream();
            map.Save(stream);
            stream.Position = 0;

            var loaded = IdMap.Load(stream);

            Assert.Equal(map.Ids, loaded.Ids);
            Assert.Equal(map.Kind, loaded.Kind);
            Assert.All(map.Ids, id => Assert.Equal(map[id], loaded[id]));
        }, iter: 300, seed: "0N0XIzNsQ0O2");
    }

    [Fact]
    public void Any_sequence_of_ids_gets_the_indices_of_first_appearance_whether_kept_as_numbers_or_text()
    {
        MixedId.Array[0, 200].Sample(ids =>
        {
            var map = new IdMap();
            var expected = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var next in ids.Where(i => i.Length > 0))
            {
                var index = map.GetOrAdd(next);
                Assert.Equal(expected.TryGetValue(next, out var known) ? known : expected[next] = expected.Count + 1, index);
            }

            Assert.Equal(expected.Count, map.Count);
            foreach (var (known, index) in expected)
            {
                Assert.Equal(index, map[known]);
                Assert.Equal(known, map.GetId(index));
            }

            var integer = expected.Keys.FirstOrDefault(k => k.All(char.IsAsciiDigit) && !expected.ContainsKey("+" + k));
            Assert.False(map.TryGetIndex("+" + integer, out _), "a non-canonical spelling found an integer id");
            Assert.Equal(expected.Count > 0 && expected.Keys.All(k => long.TryParse(k, CultureInfo.InvariantCulture, out var n) && n.ToString(CultureInfo.InvariantCulture) == k) ? IdKind.Numeric : IdKind.Text, map.Kind);
        }, iter: 500, seed: "0N0XIzNsQ0O2");
    }

    [Fact]
    public void A_million_integer_ids_are_found_by_value_and_spelling()
    {
        var map = new IdMap(Enumerable.Range(0, 1_000_000).Select(i => (i * 7L + 1_000_000_007L).ToString(CultureInfo.InvariantCulture)));

        Assert.Equal(IdKind.Numeric, map.Kind);
        Assert.Equal(1_000_000, map.Count);
        Assert.Equal(500_001, map[(500_000 * 7L + 1_000_000_007L).ToString(CultureInfo.InvariantCulture)]);
        Assert.Equal("1007000000", map.GetId(1_000_000));
        Assert.False(map.TryGetIndex("1000000008", out _));
    }

    [Theory]
    [InlineData("{\"kind\":\"Text\",\"ids\":[\"a\",\"a\"]}", "The id 'a' appears twice")]
    [InlineData("{\"kind\":\"Numeric\",\"ids\":[\"5\",\"6\",\"5\"]}", "The id '5' appears twice")]
    [InlineData("{\"kind\":\"Numeric\",\"ids\":[\"5\",6]}", "'ids' must all be strings")]
    [InlineData("{\"kind\":\"Numeric\"}", "array property 'ids'")]
    [InlineData("[\"5\"]", "array property 'ids'")]
    public void Loading_refuses_what_is_not_an_id_map_and_says_why(string json, string expected)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));

        Assert.Contains(expected, Assert.Throws<InvalidDataException>(() => IdMap.Load(stream)).Message, StringComparison.Ordinal);
    }
}
