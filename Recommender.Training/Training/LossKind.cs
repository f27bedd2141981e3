namespace Recommender.Training.Training;

/// <summary>The training loss over item scores.</summary>
public enum LossKind
{
    /// <summary>Softmax cross-entropy over the full catalog. The default, and the most accurate.</summary>
    CrossEntropy,

    /// <summary>Softmax over the target and sampled negatives, with logQ correction for the sampling distribution.</summary>
    SampledSoftmax,

    /// <summary>Binary cross-entropy of the target against sampled negatives (original SASRec).</summary>
    BinaryCrossEntropy,

    /// <summary>Generalised BCE (gSASRec): BCE whose positive term is calibrated for the number of negatives.</summary>
    GeneralizedBce,
}
