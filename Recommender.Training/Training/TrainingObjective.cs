namespace Recommender.Training.Training;

/// <summary>What the model learns to predict from interaction logs (self-supervised).</summary>
public enum TrainingObjective
{
    /// <summary>At every position, the next item (SASRec), with causal attention. The default.</summary>
    NextItem,

    /// <summary>Randomly masked items from the items around them (BERT4Rec cloze), with bidirectional attention.</summary>
    MaskedItem,
}
