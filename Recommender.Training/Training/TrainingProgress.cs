namespace Recommender.Training.Training;

/// <summary>Where training is within an epoch, reported every few batches.</summary>
/// <param name="Epoch">The current epoch, from 1.</param>
/// <param name="Epochs">The most epochs training will run.</param>
/// <param name="Batch">Batches done in this epoch.</param>
/// <param name="Batches">Batches in an epoch.</param>
/// <param name="Loss">Mean training loss over this epoch's batches so far.</param>
/// <param name="SequencesPerSecond">Training throughput in this epoch so far.</param>
/// <param name="EpochRemaining">Estimated time to the end of this epoch.</param>
public sealed record TrainingProgress(int Epoch, int Epochs, int Batch, int Batches, double Loss, double SequencesPerSecond, TimeSpan EpochRemaining);
