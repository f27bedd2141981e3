using Recommender.Tests.TestSupport;
using Recommender.Training.Modeling;
using Recommender.Training.Native;
using static TorchSharp.torch;

namespace Recommender.Tests.Training;

[Collection(TorchTests.Name)]
public sealed class SequenceRecommenderTests
{
    private const int Items = 30;

    public SequenceRecommenderTests() => TorchSharpRuntime.EnsureLoadable();

    [Theory]
    [InlineData(false, BlockLayout.PreNorm, PositionOrigin.LatestItem)]
    [InlineData(true, BlockLayout.PreNorm, PositionOrigin.LatestItem)]
    [InlineData(true, BlockLayout.SASRec, PositionOrigin.LatestItem)]
    [InlineData(false, BlockLayout.SASRec, PositionOrigin.FirstItem)]
    public void Changing_a_later_item_never_changes_an_earlier_positions_output(bool withText, BlockLayout layout, PositionOrigin positions)
    {
        using var scope = NewDisposeScope();
        using var model = Model(withText, layout, positions);
        var history = tensor(new long[,] { { 0, 0, 3, 7, 9, 2, 5, 11 } });
        var changed = history.clone();
        changed[0, 6] = 17;

        var a = model.forward(history);
        var b = model.forward(changed);

        Assert.True(a[.., ..6].allclose(b[.., ..6], rtol: 0, atol: 1e-6), "positions before the change moved");
        Assert.False(a[.., 6].allclose(b[.., 6], rtol: 0, atol: 1e-6), "the changed position did not move");
    }

    [Theory]
    [InlineData(BlockLayout.PreNorm, PositionOrigin.LatestItem)]
    [InlineData(BlockLayout.SASRec, PositionOrigin.LatestItem)]
    [InlineData(BlockLayout.SASRec, PositionOrigin.FirstItem)]
    public void Left_padding_and_other_rows_of_the_batch_never_change_a_result(BlockLayout layout, PositionOrigin positions)
    {
        using var scope = NewDisposeScope();
        using var model = Model(withText: true, layout, positions);

        var unpadded = model.forward(tensor(new long[,] { { 4, 8, 15, 16, 23 } }));
        var padded = model.forward(tensor(new long[,] { { 0, 0, 0, 4, 8, 15, 16, 23 } }));
        var batched = model.forward(tensor(new long[,] { { 0, 0, 0, 4, 8, 15, 16, 23 }, { 1, 2, 3, 4, 5, 6, 7, 8 } }));

        Assert.True(unpadded[0, -1].allclose(padded[0, -1], rtol: 0, atol: 1e-5), "padding changed the user vector");
        Assert.True(unpadded[0].allclose(padded[0, 3..], rtol: 0, atol: 1e-5), "padding changed an item position");
        Assert.True(padded[0].allclose(batched[0], rtol: 0, atol: 1e-5), "another row of the batch changed this row");
    }

    [Fact]
    public void The_text_encoder_responds_to_text_and_gives_textless_items_no_text_vector()
    {
        using var scope = NewDisposeScope();
        var tokens = Tokens();
        using var model = new SequenceRecommender(Options(true), Items, tokens, vocabularySize: 50);
        model.eval();
        tokens[5, 0] = 33;
        using var other = new SequenceRecommender(Options(true), Items, tokens, vocabularySize: 50);
        other.Restore(WithTokens(model, other));

        var table = model.ItemTable();
        var changed = other.ItemTable();

        Assert.False(table[5].allclose(changed[5], rtol: 0, atol: 1e-6), "item 5's vector ignored its text");
        Assert.True(table[6].allclose(changed[6], rtol: 0, atol: 1e-6), "item 6's vector moved although its text did not");
        Assert.Equal(0f, table[0].abs().sum().item<float>());
    }

    [Fact]
    public void Attention_weights_are_distributions_over_earlier_real_items_only()
    {
        using var scope = NewDisposeScope();
        using var model = Model(withText: true);

        var weights = model.AttentionWeights(tensor(new long[,] { { 0, 0, 0, 4, 8, 15, 16, 23 } }));

        Assert.Equal(2, weights.Count);
        foreach (var layer in weights)
        {
            Assert.Equal([1L, 2, 8, 8], layer.shape);
            var real = layer[.., .., 3..];
            Assert.True(real.sum(-1).allclose(ones_like(real.sum(-1)), rtol: 0, atol: 1e-5), "a real position's weights do not sum to 1");
            Assert.Equal(0f, layer[.., .., 3.., ..3].abs().max().item<float>());
            Assert.Equal(0f, layer.triu(1).abs().max().item<float>());
        }
    }

    [Fact]
    public void Bad_options_name_the_option()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new SequenceModelOptions { Dim = 64, Heads = 3 }.Validate());
        Assert.Contains("Heads must be at least 1 and a divisor of the width 64; got 3", error.Message, StringComparison.Ordinal);

        var tooLong = Assert.Throws<ArgumentException>(() => Model(false).forward(zeros(1, 9, dtype: int64)));
        Assert.Contains("this model reads at most 8", tooLong.Message, StringComparison.Ordinal);

        var noTokens = Assert.Throws<ArgumentException>(() => new SequenceRecommender(Options(true), Items));
        Assert.Contains("item tokens must have 31 rows", noTokens.Message, StringComparison.Ordinal);
    }

    internal static SequenceModelOptions Options(bool withText) =>
        new() { Dim = 16, Layers = 2, Heads = 2, MaxLength = 8, Dropout = 0.1, UseText = withText, TextHeads = 2 };

    private static SequenceRecommender Model(bool withText, BlockLayout layout = BlockLayout.PreNorm, PositionOrigin positions = PositionOrigin.LatestItem)
    {
        manual_seed(7);
        var options = Options(withText) with { BlockLayout = layout, Positions = positions };
        var model = withText ? new SequenceRecommender(options, Items, Tokens(), vocabularySize: 50) : new SequenceRecommender(options, Items);
        model.eval();
        return model;
    }

    private static long[,] Tokens()
    {
        var tokens = new long[Items + 1, 4];
        for (var item = 1; item <= Items; item++)
        {
            // Every third item has no text at all.
            if (item % 3 != 0)
            {
                tokens[item, 0] = 3 + item;
                tokens[item, 1] = 3 + (item * 7 % 40);
            }
        }

        return tokens;
    }

    // The same weights as `source`, but the token buffer of `target`.
    private static byte[] WithTokens(SequenceRecommender source, SequenceRecommender target)
    {
        var weights = source.state_dict();
        foreach (var (name, value) in target.state_dict())
        {
            if (name.EndsWith("item_tokens", StringComparison.Ordinal))
            {
                weights[name] = value;
            }
        }

        target.load_state_dict(weights);
        target.eval();
        return target.Snapshot();
    }
}
