namespace Recommender.Training.Training;

/// <summary>One finished epoch: training loss and speed, and full-ranking validation metrics.</summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="Loss">Mean training loss.</param>
/// <param name="TrainSeconds">Time spent training (not validating).</param>
/// <param name="SequencesPerSecond">Training throughput.</param>
/// <param name="ValidationNdcg10">NDCG@10 on the validation targets, full ranking, seen items excluded.</param>
/// <param name="ValidationHr10">HR@10 on the same targets.</param>
/// <param name="ElapsedSeconds">Time since training started (including earlier runs before a resume).</param>
/// <param name="IsBest">Whether this epoch has the best validation NDCG@10 so far (its weights are kept).</param>
public sealed record EpochReport(int Epoch, double Loss, double TrainSeconds, double SequencesPerSecond, double ValidationNdcg10, double ValidationHr10, double ElapsedSeconds, bool IsBest);
