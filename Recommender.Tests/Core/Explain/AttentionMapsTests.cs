using Microsoft.ML.OnnxRuntime;
using Recommender.Bundles;
using Recommender.Data;
using Recommender.Explain;
using Recommender.Splitting;
using Recommender.Tests.TestSupport;
using Recommender.Tests.Training.Export;
using Recommender.Training.Export;
using Recommender.Training.Training;
using static TorchSharp.torch;

namespace Recommender.Tests.Core.Explain;

/// <summary>Attention maps read from a bundle's user encoder, against the TorchSharp model it was exported from.</summary>
[Collection(TorchTests.Name)]
public sealed class AttentionMapsTests(TrainedBundles trained) : IClassFixture<TrainedBundles>
{
    private const float Tolerance = 1e-5f;

    [Fact]
    public void Rows_are_distributions_and_lower_blocks_attend_only_to_earlier_items()
    {
        var maps = AttentionMaps.Compute(trained.Bundle, ["2", "3", "4", "5", "6"]);

        Assert.Equal(["2", "3", "4", "5", "6"], maps.Positions.Select(p => p.ItemId));
        Assert.Equal("Episode 4 of the cycle", maps.Positions[2].Label);
        Assert.Equal((2, 2, 4), (maps.Layers, maps.Heads, maps.Maps.Count));
        foreach (var map in maps.Maps)
        {
            var top = map.Layer == maps.Layers - 1;
            Assert.Equal(top ? 1 : 5, map.QueryCount);
            Assert.Equal(top ? 4 : 0, map.FirstQuery);
            for (var query = map.FirstQuery; query < map.KeyCount; query++)
            {
                var row = map.Row(query).ToArray();
                Assert.Equal(1.0, row.Sum(w => (double)w), 5);
                Assert.All(row[(query + 1)..], w => Assert.Equal(0f, w));
            }
        }

        var mean = maps.LastPositionWeights(1);
        Assert.Equal(1.0, mean.Sum(w => (double)w), 5);
        Assert.Equal((maps[1, 0].Row(4)[3] + maps[1, 1].Row(4)[3]) / 2, mean[3], 6);
    }

    [Fact]
    public void Weights_equal_the_TorchSharp_models()
    {
        var model = trained.Model;
        foreach (var history in new[] { new[] { "7", "8", "9" }, Enumerable.Range(0, trained.Bundle.Manifest.Model.MaxHistory).Select(i => $"{(i + 5) % CyclicData.Items + 1}").ToArray() })
        {
            var maps = AttentionMaps.Compute(trained.Bundle, history);
            var expected = TorchWeights(model, [.. history.Select(id => (long)model.Items[id])]);

            AssertMatch(expected, maps);
        }
    }

    [Fact]
    public void Unknown_ids_and_items_before_the_window_do_not_change_the_maps()
    {
        var max = trained.Bundle.Manifest.Model.MaxHistory;
        var latest = Enumerable.Range(0, max).Select(i => $"{(i + 2) % CyclicData.Items + 1}").ToArray();
        string[] history = ["1", "no-such-item", "2", .. latest[..4], "also-unknown", .. latest[4..]];

        var clean = AttentionMaps.Compute(trained.Bundle, latest);
        var noisy = AttentionMaps.Compute(trained.Bundle, history);

        Assert.Equal((2, 2), (noisy.UnknownItems, noisy.EarlierItems));
        Assert.Equal((0, 0), (clean.UnknownItems, clean.EarlierItems));
        Assert.Equal(clean.Positions, noisy.Positions);
        for (var m = 0; m < clean.Maps.Count; m++)
        {
            for (var query = clean.Maps[m].FirstQuery; query < max; query++)
            {
                Assert.Equal(clean.Maps[m].Row(query).ToArray(), noisy.Maps[m].Row(query).ToArray());
            }
        }
    }

    [Fact]
    public void Padding_beside_a_longer_history_does_not_change_the_weights()
    {
        var bundle = trained.Bundle;
        int[] history = [3, 4, 5];
        var alone = AttentionMaps.Compute(bundle, history.Select(i => bundle.Items.GetId(i)));
        var (graph, outputs) = AttentionGraph.Expose(bundle.Graph(BundleGraphs.UserEncoderPart));
        const int length = 7;
        using var session = new InferenceSession(graph);
        using var packed = OrtValue.CreateTensorValueFromMemory(new long[] { 0, 0, 0, 0, 3, 4, 5, 9, 10, 11, 12, 1, 2, 3 }, [2, length]);
        using var table = OrtValue.CreateTensorValueFromMemory(bundle.ItemVectors.ToArray(), [bundle.Manifest.Model.ItemCount + 1, bundle.Manifest.Model.Dim]);
        using var run = new RunOptions();
        using var results = session.Run(run, [BundleGraphs.History, BundleGraphs.ItemTable], [packed, table], outputs);

        // The graph of a causal model reads each row right-padded (its items first), so the short history's
        // queries and keys sit at its first positions, and its padding keys get no weight.
        var items = history.Length;
        for (var layer = 0; layer < alone.Layers; layer++)
        {
            var weights = results[layer].GetTensorDataAsSpan<float>().ToArray();
            var top = layer == alone.Layers - 1;
            var queries = top ? 1 : length;
            for (var head = 0; head < alone.Heads; head++)
            {
                var map = alone[layer, head];
                for (var query = map.FirstQuery; query < map.KeyCount; query++)
                {
                    var row = (head * queries + (top ? 0 : query)) * length;
                    AssertClose(map.Row(query).ToArray(), weights[row..(row + items)], $"block {layer}, head {head}, query {query}");
                    Assert.All(weights[(row + items)..(row + length)], w => Assert.Equal(0f, w));
                }
            }
        }
    }

    [Fact]
    public void A_masked_item_model_is_read_at_its_trailing_mask_and_matches_TorchSharp()
    {
        var model = OnnxParityTests.RandomModel("sasrec-layout-masked", seed: 4);
        var split = SixtyItemSplit();

        // It owns the model from here on.
        using var random = new TrainedRecommender(model, split.Log.Items, null, new TrainingOptions(), [], 0, CPU);
        var bundle = BundleExporter.Export(random, split);
        string[] history = ["12", "40", "7", "33"];

        var maps = AttentionMaps.Compute(bundle, history);

        string?[] read = [.. history, null];
        Assert.Equal(read, maps.Positions.Select(p => p.ItemId));
        Assert.True(maps.Positions[^1].IsMask);
        Assert.Equal("40", maps.Positions[1].Label);
        Assert.True(maps[0, 0].Row(0)[4] > 0, "a masked-item model reads both ways, the [MASK] after every item too");
        long[] indices = [.. history.Select(id => (long)split.Log.Items[id]), model.MaskToken];
        AssertMatch(TorchWeights(random, indices), maps);
    }

    [Fact]
    public void A_fused_attention_bundle_is_refused_with_what_to_do()
    {
        var fused = BundleExporter.Export(trained.Model, trained.Split, CyclicData.Catalog(), fusedAttention: true);

        var error = Assert.Throws<InvalidOperationException>(() => AttentionMaps.Compute(fused, ["1", "2"]));

        Assert.Contains("with fused attention off (BundleExporter.Export's fusedAttention: false)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_history_without_a_known_item_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => AttentionMaps.Compute(trained.Bundle, ["nothing", "known"]));

        Assert.Contains("None of the 2 item(s) of the history is known to the model", error.Message, StringComparison.Ordinal);
    }

    /// <summary>TorchSharp's weights per block, <c>[heads, length, length]</c> flattened, for one history of model indices.</summary>
    private static float[][] TorchWeights(TrainedRecommender model, long[] history)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var weights = model.Model.AttentionWeights(tensor(history).unsqueeze(0));
        return [.. weights.Select(w => w.contiguous().data<float>().ToArray())];
    }

    /// <summary>Every map agrees with TorchSharp: all rows of the lower blocks, the last row of the top block.</summary>
    private static void AssertMatch(float[][] expected, AttentionMaps maps)
    {
        var length = maps.Positions.Count;
        Assert.Equal(maps.Layers, expected.Length);
        foreach (var map in maps.Maps)
        {
            for (var query = map.FirstQuery; query < length; query++)
            {
                var row = (map.Head * length + query) * length;
                AssertClose(expected[map.Layer][row..(row + length)], map.Row(query).ToArray(), $"block {map.Layer}, head {map.Head}, query {query}");
            }
        }
    }

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= Tolerance, $"{what}: differs by {worst:G3}");
    }

    /// <summary>A split over items "1".."60" (what <see cref="OnnxParityTests.RandomModel"/> is sized for): each user walks six consecutive items.</summary>
    private static DataSplit SixtyItemSplit() =>
        LeaveOneOutSplitter.Split(Datasets.Build(Enumerable.Range(0, 20).SelectMany(user => Enumerable.Range(0, 6).Select(step => new InteractionRecord($"u{user}", $"{(3 * user + step) % 60 + 1}")))));
}
