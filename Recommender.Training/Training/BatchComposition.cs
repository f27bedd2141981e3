namespace Recommender.Training.Training;

/// <summary>Which sequences share a batch.</summary>
public enum BatchComposition
{
    /// <summary>
    /// Sequences of similar length: each shuffled pool of many batches is sorted by length before it is cut, so a
    /// batch is padded little and costs little, while batches' order and make-up stay random.
    /// </summary>
    SimilarLengths,

    /// <summary>
    /// Sequences drawn at random: every batch mixes short and long histories, as in the published SASRec code, and is
    /// padded to its longest (on MovieLens 1M nearly always the full length), so an epoch computes more.
    /// </summary>
    Random,
}
