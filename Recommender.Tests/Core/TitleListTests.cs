using System.Text.Json;
using CsCheck;
using Recommender.Bundles;

namespace Recommender.Tests.Core;

public sealed class TitleListTests
{
    [Fact]
    public void Any_titles_read_back_as_written()
    {
        // Any characters, including quotes, backslashes and control characters the JSON escapes.
        Gen.String[0, 12].Array[1, 40].Sample(titles =>
        {
            var read = TitleList.Read(JsonSerializer.SerializeToUtf8Bytes(titles), titles.Length, "titles");

            Assert.Equal(titles, read);
            Assert.Equal(titles[^1], read[titles.Length - 1]);
        }, iter: 300, seed: "0N0XIzNsQ0O2");
    }

    [Theory]
    [InlineData("[\"\",\"a\"]", 3, "titles has 1 titles for 2 items.")]
    [InlineData("[\"\",\"a\",\"b\",\"c\"]", 3, "titles has 3 titles for 2 items.")]
    [InlineData("[\"\",\"a\",7]", 3, "titles is not a JSON array of strings.")]
    [InlineData("{\"a\":\"b\"}", 3, "titles is not a JSON array of strings.")]
    [InlineData("[\"\",\"a", 3, "titles is not a JSON array of strings: ")]
    public void Another_count_or_anything_but_strings_is_refused(string json, int rows, string message) =>
        Assert.StartsWith(message, Assert.Throws<InvalidDataException>(() => TitleList.Read(System.Text.Encoding.UTF8.GetBytes(json), rows, "titles")).Message, StringComparison.Ordinal);
}
