using System.Globalization;
using Recommender.Data;
using Recommender.Splitting;
using Recommender.Training.Modeling;
using Recommender.Training.Native;
using Recommender.Training.Training;

namespace Recommender.Benchmarks;

/// <summary>
/// Training throughput on a dataset: seconds per epoch, sequences/s, and achieved FLOP/s as a fraction of the fp32
/// matmul peak measured in the same process before and after.
/// </summary>
internal static class TrainSpeed
{
    public static async Task RunAsync(string input, int epochs, bool text)
    {
        TorchSharpRuntime.EnsureLoadable();
        var dataset = await DatasetLoader.LoadAsync(input);
        var split = LeaveOneOutSplitter.Split(dataset.Interactions);
        var model = new SequenceModelOptions { UseText = text };
        var flops = TrainingFlops.PerEpoch(split, model);
        var peakBefore = MatmulPeak.Measure(2048, 7);
        var options = new TrainingOptions { Epochs = epochs, Patience = epochs, Device = ComputeDevice.Cpu };
        var reports = new List<EpochReport>();
        using (new SequenceTrainer(options, model).Train(split, text ? dataset.Items : null, epochDone: reports.Add))
        {
        }

        var peakAfter = MatmulPeak.Measure(2048, 7);
        var peak = (peakBefore + peakAfter) / 2;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{input}: d={model.Dim}, {model.Layers} blocks, {model.Heads} head(s), len {model.MaxLength}, {(text ? "text" : "no text")}, full CE; useful work {flops / 1e12:F3} TFLOP per epoch; matmul peak {peakBefore:F1} / {peakAfter:F1} GFLOP/s (before / after)"));
        Console.WriteLine("| epoch | train s | sequences/s | GFLOP/s | of peak |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in reports)
        {
            var rate = flops / r.TrainSeconds / 1e9;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {r.Epoch} | {r.TrainSeconds:F1} | {r.SequencesPerSecond:F0} | {rate:F1} | {rate / peak:P0} |"));
        }

        var median = reports.Select(r => r.TrainSeconds).Order().ElementAt(reports.Count / 2);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median epoch {median:F1} s, {flops / median / 1e9:F1} GFLOP/s = {flops / median / 1e9 / peak:P0} of the matmul peak"));
    }
}
