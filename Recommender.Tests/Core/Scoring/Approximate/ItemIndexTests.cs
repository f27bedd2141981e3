using System.Numerics.Tensors;
using Recommender.Scoring;
using Recommender.Scoring.Approximate;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Core.Scoring.Approximate;

/// <summary>The HNSW item index on its own: what it finds against brute force, and its file.</summary>
public sealed class ItemIndexTests
{
    private const int Dim = 16;

    [Fact]
    public void It_finds_the_exact_top_ten_of_a_clustered_table_almost_always()
    {
        var table = Clustered(20_000, seed: 1);
        using var index = ItemIndex.Build(table, Dim, new ApproximateTopKOptions { ExpansionSearch = 64, Precision = IndexPrecision.Full }, threads: 1);

        var recall = Queries(table, 200, seed: 2).Average(query => Recall(index, table, query));

        Assert.Equal(20_000, index.Count);
        Assert.True(recall >= 0.95, $"recall@10 {recall:F3}");
    }

    [Theory]
    [InlineData(IndexPrecision.Full)]
    [InlineData(IndexPrecision.Half)]
    [InlineData(IndexPrecision.Quantized)]
    public void At_every_precision_the_exact_top_ten_are_among_the_twenty_it_proposes(IndexPrecision precision)
    {
        // The session asks for more than k and orders them by exact scores, so this is the recall it sees.
        var table = Clustered(20_000, seed: 1);
        using var index = ItemIndex.Build(table, Dim, new ApproximateTopKOptions { ExpansionSearch = 64, Precision = precision }, threads: 2);

        var recall = Queries(table, 200, seed: 2).Average(query => Recall(index, table, query, asked: 20));

        Assert.Equal(20_000, index.Count);
        Assert.True(recall >= 0.97, $"recall@10 among 20 at {precision}: {recall:F3}");
    }

    [Fact]
    public void A_quantized_index_stores_a_byte_a_number()
    {
        using var directory = new TempDirectory();
        var table = Clustered(5_000, seed: 10);
        var full = Saved(directory, table, IndexPrecision.Full);
        var half = Saved(directory, table, IndexPrecision.Half);
        var quantized = Saved(directory, table, IndexPrecision.Quantized);

        // The graphs are alike in size; the copies of the 5,000 vectors of Dim + 1 numbers take 4, 2 and 1 bytes a number.
        var vectorBytes = 5_000L * (Dim + 1);
        Assert.InRange(full - half, vectorBytes * 2 * 0.9, vectorBytes * 2 * 1.1);
        Assert.InRange(full - quantized, vectorBytes * 3 * 0.9, vectorBytes * 3 * 1.1);
    }

    [Theory]
    [InlineData(IndexPrecision.Full)]
    [InlineData(IndexPrecision.Quantized)]
    public void Items_with_short_vectors_are_found_when_they_score_best(IndexPrecision precision)
    {
        // Inner products favour long vectors; an index built on them alone leaves short ones unreachable.
        var random = new Random(3);
        var table = Clustered(5_000, seed: 3);
        for (var row = 1; row <= 5_000; row += 2)
        {
            TensorPrimitives.Multiply(table.AsSpan(row * Dim, Dim), 0.05f + (float)random.NextDouble() * 0.1f, table.AsSpan(row * Dim, Dim));
        }

        using var index = ItemIndex.Build(table, Dim, new ApproximateTopKOptions { Precision = precision }, threads: 1);

        var recall = Queries(table, 100, seed: 4).Average(query => Recall(index, table, query, asked: 20));
        Assert.True(recall >= 0.95, $"recall@10 among 20: {recall:F3}");
    }

    [Theory]
    [InlineData(IndexPrecision.Full)]
    [InlineData(IndexPrecision.Half)]
    [InlineData(IndexPrecision.Quantized)]
    public void A_saved_index_loads_and_answers_as_the_built_one(IndexPrecision precision)
    {
        using var directory = new TempDirectory();
        var table = Clustered(3_000, seed: 5);
        var options = new ApproximateTopKOptions { Precision = precision };
        using var built = ItemIndex.Build(table, Dim, options, threads: 2);
        var path = directory.File("items.hnsw");
        built.Save(path);

        using var loaded = ItemIndex.Load(path, table, Dim, options, threads: 2);

        Assert.Equal(built.Count, loaded.Count);
        foreach (var query in Queries(table, 20, seed: 6))
        {
            Assert.Equal(Top(built, query, 10), Top(loaded, query, 10));
        }

        Assert.Empty(Directory.EnumerateFiles(directory.Path, "*.tmp"));
    }

    [Fact]
    public void An_index_of_other_vectors_is_refused_on_load()
    {
        using var directory = new TempDirectory();
        var table = Clustered(500, seed: 7);
        using (var built = ItemIndex.Build(table, Dim, new ApproximateTopKOptions(), threads: 1))
        {
            built.Save(directory.File("items.hnsw"));
        }

        var wider = new float[501 * (Dim * 2)];
        var error = Assert.Throws<ItemIndexException>(() => ItemIndex.Load(directory.File("items.hnsw"), wider, Dim * 2, new ApproximateTopKOptions(), threads: 1));

        Assert.Contains($"indexes vectors of {Dim + 1} numbers, not the {(Dim * 2) + 1}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rows_added_later_are_found_under_their_row_numbers()
    {
        var table = Clustered(2_000, seed: 8);
        using var index = ItemIndex.Build(table.AsSpan(0, 1_501 * Dim).ToArray(), Dim, new ApproximateTopKOptions(), threads: 1);

        index.AddRows(table, 1_501, 500);

        Assert.Equal(2_000, index.Count);
        var random = new Random(9);
        var queries = Enumerable.Range(0, 50).Select(_ => table.AsSpan(random.Next(1_501, 2_001) * Dim, Dim).ToArray()).ToList();
        Assert.True(queries.Average(q => Recall(index, table, q)) >= 0.95);
        Assert.Contains(queries.SelectMany(q => Top(index, q, 10)), row => row > 1_500);
    }

    private static long Saved(TempDirectory directory, float[] table, IndexPrecision precision)
    {
        using var index = ItemIndex.Build(table, Dim, new ApproximateTopKOptions { Precision = precision }, threads: 2);
        var path = directory.File($"{precision}.hnsw");
        index.Save(path);
        return new FileInfo(path).Length;
    }

    /// <summary>The share of the exact top ten among the <paramref name="asked"/> items the index proposes.</summary>
    private static double Recall(ItemIndex index, float[] table, float[] query, int asked = 10)
    {
        var exact = Enumerable.Range(1, table.Length / Dim - 1).OrderByDescending(row => TensorPrimitives.Dot(query, table.AsSpan(row * Dim, Dim))).Take(10);
        return Top(index, query, asked).Intersect(exact.Select(r => (long)r)).Count() / 10.0;
    }

    private static long[] Top(ItemIndex index, float[] query, int k)
    {
        var keys = new long[k];
        return keys[..index.Search(query, keys)];
    }

    /// <summary>Rows of <c>[items + 1, Dim]</c> (row 0 padding) in clusters of about fifty, with norms that vary.</summary>
    internal static float[] Clustered(int items, int seed)
    {
        var random = new Random(seed);
        var clusters = Math.Max(1, items / 50);
        var centres = Enumerable.Range(0, clusters * Dim).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var table = new float[(items + 1) * Dim];
        for (var row = 1; row <= items; row++)
        {
            var length = 0.5f + (float)random.NextDouble();
            for (var d = 0; d < Dim; d++)
            {
                table[row * Dim + d] = length * (centres[row % clusters * Dim + d] + (float)(random.NextDouble() - 0.5) * 0.8f);
            }
        }

        return table;
    }

    private static IEnumerable<float[]> Queries(float[] table, int count, int seed)
    {
        var random = new Random(seed);
        var items = table.Length / Dim - 1;
        for (var i = 0; i < count; i++)
        {
            var row = random.Next(1, items + 1);
            yield return [.. table.AsSpan(row * Dim, Dim).ToArray().Select(x => x + (float)(random.NextDouble() - 0.5) * 0.5f)];
        }
    }
}
