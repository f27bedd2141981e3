using CsCheck;
using Parquet;
using Parquet.Schema;
using Parquet.Serialization;
using Recommender.BatchScoring;
using Recommender.Data.Readers;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Core.BatchScoring;

/// <summary>Property tests of the list-column reader and of sharding.</summary>
public sealed class HistoryListPropertyTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Lists_of_text_ids_read_back_as_written_null_lists_empty_lists_and_null_elements_included()
    {
        var element = Gen.Frequency((1, Gen.Const((string?)null)), (4, Gen.String[0, 6].Select(s => (string?)s)));
        var list = Gen.Frequency((1, Gen.Const((List<string?>?)null)), (4, element.List[0, 6].Select(l => (List<string?>?)l)));
        list.Array[1, 40].Sample(lists =>
        {
            var rows = lists.Select((l, i) => new TextRow { User = $"u{i}", Items = l }).ToArray();
            var read = RoundTrip(rows);
            Assert.Equal(lists.Select(l => l?.ToArray()), read);
        }, iter: 40);
    }

    [Fact]
    public void Lists_of_integer_ids_read_back_as_written_in_invariant_text()
    {
        Gen.Long.Array[0, 8].Array[1, 40].Sample(lists =>
        {
            var rows = lists.Select((l, i) => new NumberRow { User = i, Items = [.. l] }).ToArray();
            var read = RoundTrip(rows);
            Assert.Equal(lists.Select(l => l.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray()), read);
        }, iter: 40);
    }

    [Fact]
    public void Every_user_falls_in_exactly_one_shard()
    {
        Gen.Select(Gen.String[0, 30].Array[1, 50], Gen.Int[1, 9]).Sample((users, count) =>
        {
            foreach (var user in users)
            {
                Assert.Single(Enumerable.Range(1, count), i => new Shard(i, count).Contains(user));
            }
        });
    }

    [Theory]
    [InlineData("0/4")]
    [InlineData("5/4")]
    [InlineData("1/0")]
    [InlineData("1-4")]
    [InlineData("a/b")]
    public void A_shard_that_is_not_i_of_n_is_refused_with_the_expected_form(string text)
    {
        var error = Assert.Throws<FormatException>(() => Shard.Parse(text));

        Assert.Contains($"'{text}' is not a shard: expected i/n with 1 <= i <= n", error.Message, StringComparison.Ordinal);
    }

    private string?[]?[] RoundTrip<T>(T[] rows)
    {
        var path = _directory.File($"{Guid.NewGuid():N}.parquet");
        ParquetSerializer.SerializeAsync(rows, path).GetAwaiter().GetResult();
        return Read(path).GetAwaiter().GetResult();
    }

    private static async Task<string?[]?[]> Read(string path)
    {
        await using var reader = await ParquetReader.CreateAsync(path);
        var element = (DataField)reader.Schema.Fields.OfType<ListField>().Single().Item;
        var all = new List<string?[]?>();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var rowGroup = reader.OpenRowGroupReader(g);
            var lists = await ParquetColumns.ReadTextListsAsync(rowGroup, element, CancellationToken.None);
            all.AddRange(Enumerable.Range(0, lists.Count).Select(lists.Row));
        }

        return [.. all];
    }

    internal sealed class TextRow
    {
        public string User { get; set; } = string.Empty;

        public List<string?>? Items { get; set; }
    }

    internal sealed class NumberRow
    {
        public long User { get; set; }

        public List<long> Items { get; set; } = [];
    }
}
