using System.Text.Json.Nodes;
using Recommender.Bundles;
using Recommender.Scoring;
using Recommender.Tests.TestSupport;
using Recommender.Training.Export;
using Recommender.Training.Modeling;

namespace Recommender.Tests.Core.Bundles;

/// <summary>
/// A manifest edited so it no longer describes the graphs it ships with (their declared shapes and initializers are
/// the truth) is refused when the bundle is loaded, naming the field, the manifest's value and the graph's.
/// </summary>
[Collection(TorchTests.Name)]
public sealed class BundleManifestConsistencyTests(TrainedBundles trained) : IClassFixture<TrainedBundles>
{
    // The bundle without text: next-item, dim 16, 2 layers of 2 heads, 10 positions, 12 items, standard operators.
    private byte[] Bundle => BundleZip.Bytes(trained.BundleWithoutText);

    [Fact]
    public void A_raised_max_length_is_refused_at_load_instead_of_failing_in_ONNX_Runtime_later()
    {
        using var saved = new TempDirectory();
        var path = saved.File("model.recbundle");
        File.WriteAllBytes(path, BundleZip.EditedManifest(Bundle, m => BundleZip.Model(m)["maxLength"] = 100));

        var error = Assert.Throws<BundleFormatException>(() => ModelBundle.Load(path));
        var throughSession = Assert.Throws<BundleFormatException>(() => RecommenderSession.Load(path, new RecommenderSessionOptions()));

        AssertNames(error, "manifest.json gives model.maxLength 100", "user_encoder.onnx reads 10 positions");
        Assert.Equal(path, error.FilePath);
        Assert.StartsWith(path, error.Message, StringComparison.Ordinal);
        Assert.Equal(error.Message, throughSession.Message);
        Assert.Equal(error.Part, throughSession.Part);
    }

    [Fact]
    public void A_lowered_max_length_which_would_silently_cut_histories_shorter_is_refused()
    {
        var error = Assert.Throws<BundleFormatException>(() => BundleZip.Load(BundleZip.EditedManifest(Bundle, m => BundleZip.Model(m)["maxLength"] = 5)));

        AssertNames(error, "model.maxLength 5", "reads 10 positions");
    }

    [Fact]
    public void A_stated_max_history_other_than_the_graphs_read_is_refused()
    {
        var manifest = BundleZip.Manifest(Bundle);
        Assert.Equal(10, (int)BundleZip.Model(manifest)["maxHistory"]!);
        BundleZip.Model(manifest)["maxHistory"] = 5;

        var error = Assert.Throws<BundleFormatException>(() => BundleZip.Load(BundleZip.WithManifest(Bundle, manifest)));

        AssertNames(error, "model.maxHistory 5", "reads the latest 10 items of a history");
    }

    [Fact]
    public void A_different_width_is_refused()
    {
        var error = Assert.Throws<BundleFormatException>(() => BundleZip.Load(BundleZip.EditedManifest(Bundle, m => BundleZip.Model(m)["dim"] = 32)));

        AssertNames(error, "model.dim 32", "of width 16");
    }

    [Fact]
    public void A_different_item_count_is_refused_naming_the_items_the_table_holds()
    {
        var error = Assert.Throws<BundleFormatException>(() => BundleZip.Load(BundleZip.EditedManifest(Bundle, m => BundleZip.Model(m)["itemCount"] = 13)));

        AssertNames(error, "model.itemCount 13", "item_vectors.bin holds 12 items");
    }

    [Fact]
    public void A_different_number_of_layers_is_refused()
    {
        var error = Assert.Throws<BundleFormatException>(() => BundleZip.Load(BundleZip.EditedManifest(Bundle, m => BundleZip.Model(m)["layers"] = 3)));

        AssertNames(error, "model.layers 3", "user_encoder.onnx has 2 attention blocks");
    }

    [Fact]
    public void A_different_number_of_heads_is_refused()
    {
        var error = Assert.Throws<BundleFormatException>(() => BundleZip.Load(BundleZip.EditedManifest(Bundle, m => BundleZip.Model(m)["heads"] = 4)));

        AssertNames(error, "model.heads 4", "splits attention into 2 heads");
    }

    [Fact]
    public void Another_objective_is_refused()
    {
        var error = Assert.Throws<BundleFormatException>(() => BundleZip.Load(BundleZip.EditedManifest(Bundle, m => BundleZip.Model(m)["objective"] = BundleModel.MaskedItem)));

        AssertNames(error, "model.objective 'masked-item'", "reads no [MASK] after the history");
    }

    [Fact]
    public void Fused_attention_claimed_for_standard_graphs_is_refused()
    {
        var error = Assert.Throws<BundleFormatException>(() => BundleZip.Load(BundleZip.EditedManifest(Bundle, m => BundleZip.Model(m)["fusedAttention"] = true)));

        AssertNames(error, "model.fusedAttention true", "uses standard ONNX operators only");
    }

    [Theory]
    [InlineData("fusedAttention", false, "model.fusedAttention false", "uses ONNX Runtime's own operators")]
    [InlineData("heads", 1, "model.heads 1", "splits attention into 2 heads")]
    public void Graphs_with_fused_attention_are_held_against_the_manifest_too(string field, object value, string stated, string found)
    {
        var fused = BundleZip.Bytes(BundleExporter.Export(trained.ModelWithoutText, trained.Split, CyclicData.Catalog(), fusedAttention: true));
        Assert.NotNull(BundleZip.Load(fused));

        var error = Assert.Throws<BundleFormatException>(() => BundleZip.Load(BundleZip.EditedManifest(fused, m => BundleZip.Model(m)[field] = JsonValue.Create(value))));

        AssertNames(error, stated, found);
    }

    [Fact]
    public void A_masked_item_model_is_refused_as_next_item_and_with_the_history_of_one()
    {
        var masked = BundleZip.Bytes(UntrainedBundles.Export(SmallModel with { UseText = false, Causal = false }));
        Assert.Equal(9, BundleZip.Load(masked).Manifest.Model.MaxHistory);

        var objective = Assert.Throws<BundleFormatException>(() => BundleZip.Load(BundleZip.EditedManifest(masked, m => BundleZip.Model(m)["objective"] = BundleModel.NextItem)));
        var history = Assert.Throws<BundleFormatException>(() => BundleZip.Load(BundleZip.EditedManifest(masked, m => BundleZip.Model(m)["maxHistory"] = 10)));

        AssertNames(objective, "model.objective 'next-item'", "reads a [MASK] after the history (mask_vector)");
        AssertNames(history, "model.maxHistory 10", "reads the latest 9 items of a history");
    }

    [Fact]
    public void The_text_encoder_is_held_against_the_tokens_per_item_the_tokenizer_and_use_text()
    {
        var text = BundleZip.Bytes(UntrainedBundles.Export(SmallModel));
        Assert.Equal(6, BundleZip.Load(text).Manifest.Model.TokensPerItem);

        var tokens = Assert.Throws<BundleFormatException>(() => BundleZip.Load(BundleZip.EditedManifest(text, m => BundleZip.Model(m)["tokensPerItem"] = 8)));
        var tokenizer = Assert.Throws<BundleFormatException>(() => BundleZip.Load(BundleZip.EditedManifest(text, m => m["tokenizer"]!["options"]!["maxTokens"] = 8)));
        var vocabulary = Assert.Throws<BundleFormatException>(() => BundleZip.Load(BundleZip.EditedManifest(text, m => m["tokenizer"]!["vocabulary"]!.AsArray().Add("zzz"))));
        var useText = Assert.Throws<BundleFormatException>(() => BundleZip.Load(BundleZip.EditedManifest(text, m =>
        {
            BundleZip.Model(m)["useText"] = false;
            BundleZip.Model(m)["tokensPerItem"] = 0;
        })));

        AssertNames(tokens, "model.tokensPerItem 8", "text_encoder.onnx reads 6 tokens per item");
        AssertNames(tokenizer, "keeps 8 tokens per item", "model.tokensPerItem is 6");
        Assert.Contains("text_encoder.onnx knows", vocabulary.Message, StringComparison.Ordinal);
        AssertNames(useText, "model.useText false", "text_encoder.onnx is in the bundle");
    }

    [Fact]
    public void The_transition_term_is_held_against_the_scoring_graphs()
    {
        var withTerm = BundleZip.Bytes(UntrainedBundles.WithTransitions(SmallModel with { UseText = false }));
        Assert.NotNull(BundleZip.Load(withTerm).Manifest.Model.Transitions);

        var removed = Assert.Throws<BundleFormatException>(() => BundleZip.Load(BundleZip.EditedManifest(withTerm, m => BundleZip.Model(m).Remove("transitions"))));
        var recent = Assert.Throws<BundleFormatException>(() => BundleZip.Load(BundleZip.EditedManifest(withTerm, m => BundleZip.Model(m)["transitions"]!["recent"] = 2)));
        var added = Assert.Throws<BundleFormatException>(() => BundleZip.Load(BundleZip.EditedManifest(Bundle, m => BundleZip.Model(m)["transitions"] = BundleZip.Model(BundleZip.Manifest(withTerm))["transitions"]!.DeepClone())));

        AssertNames(removed, "model.transitions null", "scorer.onnx adds an item-transition term");
        AssertNames(recent, "model.transitions.recent 2", "lets the latest 5 history items vote");
        AssertNames(added, "model.transitions set", "scorer.onnx scores with the attention model alone");
    }

    private static SequenceModelOptions SmallModel => new() { Dim = 16, Layers = 2, Heads = 2, MaxLength = 10, TextHeads = 2 };

    /// <summary>The manifest is the part at fault: the graphs it disagrees with match their hashes.</summary>
    private static void AssertNames(BundleFormatException error, string stated, string found)
    {
        Assert.Equal("manifest.json", error.Part);
        Assert.Contains(stated, error.Message, StringComparison.Ordinal);
        Assert.Contains(found, error.Message, StringComparison.Ordinal);
        Assert.Contains("export the bundle again", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain('\n', error.Message);
    }
}
