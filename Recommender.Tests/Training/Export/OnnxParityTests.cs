using Microsoft.ML.OnnxRuntime;
using Recommender.Bundles;
using Recommender.Tests.TestSupport;
using Recommender.Training.Export;
using Recommender.Training.Modeling;
using Recommender.Training.Native;
using Recommender.Training.Training;
using static TorchSharp.torch;

namespace Recommender.Tests.Training.Export;

/// <summary>
/// The exported ONNX graphs, run by ONNX Runtime, against the TorchSharp model they came from, on fresh random
/// histories of every length, with padding, for one user and for many.
/// </summary>
[Collection(TorchTests.Name)]
public sealed class OnnxParityTests
{
    private const int Items = 60;
    private const int MaxLength = 12;
    private const float Tolerance = 1e-5f;

    public OnnxParityTests() => TorchSharpRuntime.EnsureLoadable();

    /// <summary>Every model shape, in the standard export and in the one with ONNX Runtime's fused attention.</summary>
    public static TheoryData<string, bool> Shapes
    {
        get
        {
            var data = new TheoryData<string, bool>();
            foreach (var shape in new[] { "ids", "text", "masked", "untied", "heads", "one-layer", "three-layers", "sasrec-layout", "sasrec-layout-masked", "first-positions", "first-positions-masked" })
            {
                data.Add(shape, false);
                data.Add(shape, true);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void User_vectors_scores_and_top_10_match_TorchSharp(string shape, bool fused)
    {
        using var model = RandomModel(shape, seed: 7);
        var weights = new ModelWeights(model);
        using var userEncoder = new InferenceSession(OnnxGraphs.UserEncoder(weights, fused));
        using var scorer = new InferenceSession(OnnxGraphs.Scorer(weights, fused));
        using var topK = new InferenceSession(OnnxGraphs.TopK(weights, fused));
        var random = new Random(11);
        var maxHistory = model.Options.Causal ? MaxLength : MaxLength - 1;

        foreach (var batch in new[] { 1, 9 })
        {
            for (var trial = 0; trial < 4; trial++)
            {
                var histories = Enumerable.Range(0, batch).Select(_ => RandomHistory(random, random.Next(1, maxHistory + 1))).ToArray();
                if (trial == 0)
                {
                    histories[0] = RandomHistory(random, maxHistory);
                }

                var (expectedUsers, expectedTable) = TorchUsers(model, histories);
                var table = weights.ItemTable[..((Items + 1) * model.Options.Dim)];
                var outputTable = weights.OutputTable?[..((Items + 1) * model.Options.Dim)] ?? table;

                var users = Run(userEncoder, (BundleGraphs.History, Packed(histories)), (BundleGraphs.ItemTable, Table(table)))[0].Floats;
                AssertClose(expectedUsers, users, "user vectors");

                var candidates = Enumerable.Range(0, batch * 7).Select(_ => (long)random.Next(1, Items + 1)).ToArray();
                var scores = Run(scorer, (BundleGraphs.History, Packed(histories)), (BundleGraphs.Candidates, OrtValue.CreateTensorValueFromMemory(candidates, [batch, 7])),
                    (BundleGraphs.ItemTable, Table(table)), (BundleGraphs.OutputTable, Table(outputTable)))[0].Floats;
                var expectedScores = new float[batch * 7];
                for (var b = 0; b < batch; b++)
                {
                    for (var c = 0; c < 7; c++)
                    {
                        expectedScores[b * 7 + c] = Dot(expectedUsers.AsSpan(b * model.Options.Dim, model.Options.Dim), expectedTable.AsSpan((int)candidates[b * 7 + c] * model.Options.Dim, model.Options.Dim));
                    }
                }

                AssertClose(expectedScores, scores, "candidate scores");

                var top = Run(topK, (BundleGraphs.History, Packed(histories)), (BundleGraphs.ItemTable, Table(table)), (BundleGraphs.OutputTable, Table(outputTable)),
                    (BundleGraphs.K, OrtValue.CreateTensorValueFromMemory<long>([10], [1])), (BundleGraphs.ExcludeSeen, OrtValue.CreateTensorValueFromMemory<bool>([true], [1])));
                for (var b = 0; b < batch; b++)
                {
                    var expectedTop = Enumerable.Range(1, Items).Where(i => !histories[b].Contains(i))
                        .OrderByDescending(i => Dot(expectedUsers.AsSpan(b * model.Options.Dim, model.Options.Dim), expectedTable.AsSpan(i * model.Options.Dim, model.Options.Dim)))
                        .Take(10).Select(i => (long)i);
                    Assert.Equal(expectedTop, top.Single(o => o.Longs.Length > 0).Longs.Skip(b * 10).Take(10));
                }
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Text_vectors_plus_id_embeddings_give_the_item_table(bool fused)
    {
        using var model = RandomModel("text", seed: 3);
        var weights = new ModelWeights(model);
        using var textEncoder = new InferenceSession(OnnxGraphs.TextEncoder(weights, fused));
        var tokens = Tokens(seed: 3);
        var packed = new long[(Items + 1) * tokens.GetLength(1)];
        Buffer.BlockCopy(tokens, 0, packed, 0, packed.Length * sizeof(long));

        var text = Run(textEncoder, (BundleGraphs.Tokens, OrtValue.CreateTensorValueFromMemory(packed, [Items + 1, tokens.GetLength(1)])))[0].Floats;

        var ids = weights["items.ids.weight"];
        var combined = text.Select((v, i) => v + ids[i]).ToArray();
        AssertClose(weights.ItemTable[..combined.Length], combined, "item table");
        Assert.All(text[..model.Options.Dim], v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Histories_longer_than_the_batch_width_of_others_are_unaffected_by_padding()
    {
        using var model = RandomModel("ids", seed: 5);
        var weights = new ModelWeights(model);
        using var userEncoder = new InferenceSession(OnnxGraphs.UserEncoder(weights));
        var table = weights.ItemTable[..((Items + 1) * model.Options.Dim)];
        int[] history = [4, 9, 2];

        var alone = Run(userEncoder, (BundleGraphs.History, Packed([history])), (BundleGraphs.ItemTable, Table(table)))[0].Floats;
        var padded = Run(userEncoder, (BundleGraphs.History, Packed([history, RandomHistory(new Random(1), MaxLength)])), (BundleGraphs.ItemTable, Table(table)))[0].Floats;

        AssertClose(alone, padded[..alone.Length], "a user vector beside a longer history");
    }

    internal static SequenceRecommender RandomModel(string shape, int seed)
    {
        manual_seed(seed);
        var options = new SequenceModelOptions
        {
            Dim = 16,
            MaxLength = MaxLength,
            Heads = shape == "heads" ? 4 : 1,
            Layers = shape switch { "one-layer" => 1, "three-layers" => 3, _ => 2 },
            UseText = shape == "text",
            Causal = !shape.EndsWith("masked", StringComparison.Ordinal),
            BlockLayout = shape.StartsWith("sasrec", StringComparison.Ordinal) ? BlockLayout.SASRec : BlockLayout.PreNorm,
            Positions = shape.StartsWith("first-positions", StringComparison.Ordinal) ? PositionOrigin.FirstItem : PositionOrigin.LatestItem,
            TiedOutput = shape != "untied",
        };
        var model = options.UseText ? new SequenceRecommender(options, Items, Tokens(seed), vocabularySize: 40) : new SequenceRecommender(options, Items);

        // Weights far from their initial scale, so attention is sharp and every term of the graph matters.
        using (no_grad())
        {
            foreach (var (name, parameter) in model.named_parameters())
            {
                parameter.add_(randn_like(parameter) * (name.EndsWith("ids.weight", StringComparison.Ordinal) ? 0.3 : 0.2));
            }

            foreach (var (name, parameter) in model.named_parameters().Where(p => p.name.EndsWith("ids.weight", StringComparison.Ordinal)))
            {
                parameter[0].zero_();
            }
        }

        model.eval();
        return model;
    }

    private static long[,] Tokens(int seed)
    {
        var random = new Random(seed);
        var tokens = new long[Items + 1, 6];
        for (var item = 1; item <= Items; item++)
        {
            // Some items have no text at all, the rest one to six tokens.
            var count = item % 7 == 0 ? 0 : random.Next(1, 7);
            for (var t = 0; t < count; t++)
            {
                tokens[item, t] = random.Next(3, 40);
            }
        }

        return tokens;
    }

    private static int[] RandomHistory(Random random, int length) => [.. Enumerable.Range(0, length).Select(_ => random.Next(1, Items + 1))];

    private static (float[] Users, float[] OutputTable) TorchUsers(SequenceRecommender model, int[][] histories)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var scorer = new TorchSequenceScorer(model, CPU);
        var history = scorer.PackHistories([.. histories.Select(h => new ReadOnlyMemory<int>(h))]);
        var table = model.ItemTable();
        var users = model.Encode(history, table).select(1, -1).contiguous();
        return (users.data<float>().ToArray(), model.OutputTable(table).contiguous().data<float>().ToArray());
    }

    private static OrtValue Packed(int[][] histories)
    {
        var length = histories.Max(h => h.Length);
        var packed = new long[histories.Length * length];
        for (var b = 0; b < histories.Length; b++)
        {
            for (var i = 0; i < histories[b].Length; i++)
            {
                packed[(b + 1) * length - histories[b].Length + i] = histories[b][i];
            }
        }

        return OrtValue.CreateTensorValueFromMemory(packed, [histories.Length, length]);
    }

    private static OrtValue Table(float[] table) => OrtValue.CreateTensorValueFromMemory(table, [table.Length / 16, 16]);

    private static List<(float[] Floats, long[] Longs)> Run(InferenceSession session, params (string Name, OrtValue Value)[] inputs)
    {
        try
        {
            using var outputs = session.Run(new RunOptions(), [.. inputs.Select(i => i.Name)], [.. inputs.Select(i => i.Value)], session.OutputNames);
            return [.. outputs.Select(o => o.GetTensorTypeAndShape().ElementDataType == Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Int64
                ? ([], o.GetTensorDataAsSpan<long>().ToArray())
                : (o.GetTensorDataAsSpan<float>().ToArray(), Array.Empty<long>()))];
        }
        finally
        {
            foreach (var (_, value) in inputs)
            {
                value.Dispose();
            }
        }
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= Tolerance, $"{what}: max |TorchSharp - ONNX Runtime| = {worst:G3} > {Tolerance:G3}");
    }
}
