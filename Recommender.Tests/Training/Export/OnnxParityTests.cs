using Microsoft.ML.OnnxRuntime;
using Recommender.Bundles;
using Recommender.Data;
using Recommender.Evaluation;
using Recommender.Splitting;
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

    /// <summary>
    /// With an item-transition term the scorer and top-K graphs give the model's score plus
    /// <c>weight · ln(1 + scale · t)</c>, t as <see cref="ItemTransitionScorer"/> counts it; items added after training
    /// (rows beyond the statistics) get no term and add none as history items.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Scores_with_a_transition_term_are_the_model_plus_the_term(bool fused)
    {
        using var model = RandomModel("sasrec-layout", seed: 13);
        var weights = new ModelWeights(model);
        var transitions = RandomTransitions(seed: 5, maxFollowers: 6);
        var settings = new BundleTransitions(transitions.Options.Recent, transitions.Options.Window, 6, Weight: 2.5, Scale: 10, Items);
        var term = new OnnxGraphs.Transitions(transitions.ToTable(), settings);
        using var scorer = new InferenceSession(OnnxGraphs.Scorer(weights, fused, term));
        using var topK = new InferenceSession(OnnxGraphs.TopK(weights, fused, term));

        // Three items added after training: their vectors exist, their statistics do not.
        const int added = 3;
        var random = new Random(17);
        var dim = model.Options.Dim;
        var table = weights.ItemTable[..((Items + 1) * dim)].Concat(Enumerable.Range(0, added * dim).Select(_ => (float)random.NextDouble() - 0.5f)).ToArray();
        var histories = Enumerable.Range(0, 6).Select(b => RandomHistory(random, b == 0 ? 1 : random.Next(2, MaxLength + 1))).ToArray();
        histories[1][^2] = Items + 2;
        histories[2][^1] = Items + 1;
        // The user encoder's parity with TorchSharp is tested above; here it reads the extended table, as a session does.
        using var userEncoder = new InferenceSession(OnnxGraphs.UserEncoder(weights, fused));
        var users = Run(userEncoder, (BundleGraphs.History, Packed(histories)), (BundleGraphs.ItemTable, Table(table)))[0].Floats;

        var rows = Items + 1 + added;
        var expected = new float[histories.Length * rows];
        var withEvidence = 0;
        for (var b = 0; b < histories.Length; b++)
        {
            var evidence = new float[Items + 1];
            for (var r = 1; r <= Math.Min(settings.Recent, histories[b].Length); r++)
            {
                // An added item still takes its place among the latest items; it has no followers.
                var item = histories[b][^r];
                var followers = item <= Items ? transitions.GetFollowers(item) : [];
                for (var n = 0; n < followers.Length; n++)
                {
                    evidence[followers[n]] += transitions.GetWeights(item)[n] / r;
                }
            }

            for (var i = 1; i < rows; i++)
            {
                var t = i <= Items ? evidence[i] : 0;
                withEvidence += t > 0 ? 1 : 0;
                expected[b * rows + i] = Dot(users.AsSpan(b * dim, dim), table.AsSpan(i * dim, dim)) + (float)(settings.Weight * Math.Log(1 + settings.Scale * t));
            }
        }

        Assert.True(withEvidence >= 20, $"only {withEvidence} items have transition evidence: the test would not see the term");
        var candidates = Enumerable.Range(0, histories.Length * 9).Select(_ => (long)random.Next(1, rows)).ToArray();
        var scores = Run(scorer, (BundleGraphs.History, Packed(histories)), (BundleGraphs.Candidates, OrtValue.CreateTensorValueFromMemory(candidates, [histories.Length, 9])),
            (BundleGraphs.ItemTable, Table(table)), (BundleGraphs.OutputTable, Table(table)))[0].Floats;
        AssertClose([.. candidates.Select((c, n) => expected[n / 9 * rows + (int)c])], scores, "candidate scores with the transition term");

        var top = Run(topK, (BundleGraphs.History, Packed(histories)), (BundleGraphs.ItemTable, Table(table)), (BundleGraphs.OutputTable, Table(table)),
            (BundleGraphs.K, OrtValue.CreateTensorValueFromMemory<long>([rows - 1], [1])), (BundleGraphs.ExcludeSeen, OrtValue.CreateTensorValueFromMemory<bool>([false], [1])));
        var topScores = top.Single(o => o.Floats.Length > 0).Floats;
        var topItems = top.Single(o => o.Longs.Length > 0).Longs;
        var reordered = new float[histories.Length * rows];
        for (var n = 0; n < topItems.Length; n++)
        {
            reordered[n / (rows - 1) * rows + (int)topItems[n]] = topScores[n];
        }

        for (var b = 0; b < histories.Length; b++)
        {
            expected[b * rows] = 0;
        }

        AssertClose(expected, reordered, "full-catalog scores with the transition term");
    }

    /// <summary>Transition statistics over the model's items from random sequences in which every item occurs.</summary>
    private static ItemTransitionScorer RandomTransitions(int seed, int maxFollowers)
    {
        var random = new Random(seed);
        var records = new List<InteractionRecord>();
        for (var user = 0; user < 30; user++)
        {
            var length = user == 0 ? Items : random.Next(3, 20);
            for (var position = 0; position < length; position++)
            {
                var item = user == 0 ? position + 1 : random.Next(1, Items + 1);
                records.Add(new InteractionRecord($"u{user}", $"{item}", position));
            }
        }

        var split = LeaveOneOutSplitter.Split(Datasets.Build(records, DuplicateHandling.Keep));
        Assert.Equal(Items, split.Log.ItemCount);
        return ItemTransitionScorer.Fit(split, new ItemTransitionOptions { MaxFollowers = maxFollowers });
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
