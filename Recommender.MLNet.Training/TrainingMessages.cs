using System.Globalization;
using Recommender.Training.Training;

namespace Recommender.MLNet.Training;

/// <summary>The lines training writes to ML.NET's log.</summary>
internal static class TrainingMessages
{
    public static string Epoch(EpochReport report, int planned) => string.Create(CultureInfo.InvariantCulture,
        $"epoch {report.Epoch} of {planned}: loss {report.Loss:F4}, {report.SequencesPerSecond:N0} seq/s, {report.TrainSeconds:F1} s, validation NDCG@10 {report.ValidationNdcg10:F4}, HR@10 {report.ValidationHr10:F4}{(report.IsBest ? " (best so far)" : string.Empty)}");
}
