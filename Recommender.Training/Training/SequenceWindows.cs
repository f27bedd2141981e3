namespace Recommender.Training.Training;

/// <summary>Which parts of a history longer than the model reads an epoch trains on.</summary>
public enum SequenceWindows
{
    /// <summary>
    /// Each user's latest window only (<see cref="Modeling.SequenceModelOptions.MaxLength"/> positions), as the published
    /// SASRec code trains: what a longer history held before that window is never a training target.
    /// </summary>
    Latest,

    /// <summary>
    /// The whole history: one longer than the model reads is cut, from its end, into consecutive windows that each train
    /// as a sequence of their own, so every training interaction is a target once per epoch (epochs take longer).
    /// </summary>
    All,
}
