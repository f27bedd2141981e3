using System.Diagnostics;
using Recommender.Data;
using Recommender.Splitting;
using Recommender.Training.Modeling;
using Recommender.Training.Native;
using Recommender.Training.Training;
using static TorchSharp.torch;

namespace Recommender.Benchmarks;

/// <summary>
/// Times each stage of the training step on a real dataset's longest batches (the costliest shape), with the
/// trainer's own batch builder and loss, to see where the time goes.
/// </summary>
internal static class StepProfile
{
    /// <summary>
    /// Forward and backward of the full cross-entropy alone, side by side in one run: autograd over the whole
    /// <c>[positions, items]</c> logits, and the trainer's chunked form at several chunk sizes.
    /// </summary>
    private static void CompareCrossEntropy(SequenceRecommender model, BatchBuilder builder, List<int[]> sequences, TrainingOptions options, DataSplit split, int items)
    {
        using var scope = NewDisposeScope();
        using var batch = builder.Build(sequences, new Random(2), CPU);
        Tensor hidden;
        using (no_grad())
        {
            hidden = model.Encode(batch.Inputs, model.ItemTable());
        }

        var table = model.ItemTable().detach();
        var variants = new List<(string Name, Func<Tensor, Tensor, Tensor> Loss)>
        {
            ("autograd, whole logits", (h, t) =>
            {
                var valid = batch.Targets.flatten().ne(0).nonzero().squeeze(1);
                return nn.functional.cross_entropy(matmul(h.flatten(0, 1).index_select(0, valid), t.narrow(0, 1, items).t()), batch.Targets.flatten().index_select(0, valid) - 1);
            }),
        };
        foreach (var chunk in new long[] { 64, 256, 1024 })
        {
            var loss = new LossFunction(options, items, split.Log.CountItemInteractions(), CPU, chunk);
            variants.Add(($"chunked, {chunk} positions", (h, t) => loss.Compute(h, batch.Targets, t)));
        }

        Console.WriteLine("  cross-entropy forward + backward, same batch, one run:");
        foreach (var (name, compute) in variants)
        {
            var times = new List<double>();
            for (var r = 0; r < 6; r++)
            {
                using var inner = NewDisposeScope();
                var h = hidden.detach().requires_grad_();
                var t = table.detach().requires_grad_();
                var watch = Stopwatch.StartNew();
                compute(h, t).backward();
                times.Add(watch.Elapsed.TotalMilliseconds);
            }

            Console.WriteLine($"    {name,-24} {times.Skip(1).Order().ElementAt(2),9:F1} ms");
        }
    }

    public static async Task RunAsync(string input, int batchSize, int dim, int maxLength, int repeats, double dropout)
    {
        TorchSharpRuntime.EnsureLoadable();
        var dataset = await DatasetLoader.LoadAsync(input);
        var split = LeaveOneOutSplitter.Split(dataset.Interactions);
        var items = split.Log.ItemCount;
        manual_seed(1);
        var model = new SequenceRecommender(new SequenceModelOptions { Dim = dim, MaxLength = maxLength, UseText = false, Dropout = dropout }, items);
        model.train();
        var optimizer = optim.AdamW(model.parameters(), 1e-3);
        var options = new TrainingOptions();
        var loss = new LossFunction(options, items, split.Log.CountItemInteractions(), CPU);
        var builder = new BatchBuilder(maxLength, TrainingObjective.NextItem, 0.2, model.MaskToken);
        var longest = Enumerable.Range(1, split.Log.UserCount).Select(u => split.GetTrainItems(u).ToArray())
            .OrderByDescending(s => s.Length).Take(batchSize).ToList();
        var stages = new Dictionary<string, List<double>>();
        void Time(string name, Action action)
        {
            var watch = Stopwatch.StartNew();
            action();
            (stages.TryGetValue(name, out var list) ? list : stages[name] = []).Add(watch.Elapsed.TotalMilliseconds);
        }

        var random = new Random(1);
        for (var r = 0; r < repeats + 1; r++)
        {
            using var scope = NewDisposeScope();
            TrainingBatch batch = null!;
            Tensor table = null!, hidden = null!, value = null!;
            Time("build batch", () => batch = builder.Build(longest, random, CPU));
            Time("item table", () => table = model.ItemTable());
            Time("encode (forward)", () => hidden = model.Encode(batch.Inputs, table));
            Time("loss (chunked CE)", () => value = loss.Compute(hidden, batch.Targets, model.OutputTable(table)));
            Time("backward", () => { optimizer.zero_grad(); value.backward(); });
            Time("optimizer step", () => optimizer.step());
            batch.Dispose();
        }

        Console.WriteLine($"{input}: batch {batchSize} × length {maxLength}, dim {dim}, {items} items, threads {get_num_threads()}; median of {repeats} steps (first dropped)");
        double total = 0;
        foreach (var (name, times) in stages)
        {
            var median = times.Skip(1).Order().ElementAt(repeats / 2);
            total += median;
            Console.WriteLine($"  {name,-22} {median,9:F1} ms");
        }

        Console.WriteLine($"  {"total",-22} {total,9:F1} ms");
        CompareCrossEntropy(model, builder, longest, options, split, items);
        Console.WriteLine($"  fp32 matmul 2048² peak in this run: {MatmulPeak.Measure(2048, 5):F1} GFLOP/s");
    }
}
