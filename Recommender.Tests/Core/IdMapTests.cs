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

    [Fact]
    public void Any_map_round_trips_through_save_and_load()
    {
        Gen.String[1, 10].HashSet[0, 50].Sample(ids =>
        {
            var map = new IdMap(ids);
            using var stream = new MemoryStream();
            map.Save(stream);
            stream.Position = 0;

            var loaded = IdMap.Load(stream);

            Assert.Equal(map.Ids, loaded.Ids);
            Assert.Equal(map.Kind, loaded.Kind);
        }, iter: 300, seed: "0N0XIzNsQ0O2");
    }

    [Fact]
    public void Loading_refuses_repeated_ids()
    {
        using var stream = new MemoryStream("{\"kind\":\"Text\",\"ids\":[\"a\",\"a\"]}"u8.ToArray());

        Assert.Contains("appears twice", Assert.Throws<InvalidDataException>(() => IdMap.Load(stream)).Message, StringComparison.Ordinal);
    }
}
