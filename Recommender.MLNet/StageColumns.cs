namespace Recommender.MLNet;

/// <summary>
/// Names of the columns the stage makes on its way to the score and drops again. The ONNX graph's inputs and output
/// carry the same names, because ML.NET binds graph inputs to columns by name; the per-candidate mappings read their
/// inputs under fixed names too, because a saved custom mapping keeps no column names.
/// </summary>
internal static class StageColumns
{
    public const string HistoryIndices = "recommender_history_indices";

    public const string CandidateIndices = "recommender_candidate_indices";

    public const string Scores = "recommender_scores";

    public const string ScalarScore = "recommender_scalar_score";

    public const string History = "recommender_history";

    public const string Candidate = "recommender_candidate";

    public const string BundleKey = "recommender_bundle_key";

    public const string Bundle = "recommender_bundle";

    public static readonly string[] All = [HistoryIndices, CandidateIndices, Scores, ScalarScore, History, Candidate, BundleKey, Bundle];
}
