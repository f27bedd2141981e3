using Microsoft.ML;
using Microsoft.ML.Data;

namespace Recommender.MLNet.Training;

/// <summary>
/// The schema the trained stage scores (a history column and a candidate column of the item column's id type) as an
/// empty data view: the scoring stage is fitted on it, since the interactions trained on have another schema.
/// </summary>
internal static class ScoringInput
{
    /// <summary>No rows, the scoring input's columns under the options' names.</summary>
    public static IDataView Empty(MLContext context, bool textIds, RecommenderTrainingEstimator.Options options) =>
        View(context, textIds, options, withScore: false);

    /// <summary>
    /// The columns the trained stage gives: its input's and the score. ML.NET makes schema shapes only from
    /// estimators, so a mapping that is never run adds these columns to <paramref name="trainingInput"/>, whose own
    /// columns are then dropped.
    /// </summary>
    public static SchemaShape Shape(MLContext context, SchemaShape trainingInput, bool textIds, RecommenderTrainingEstimator.Options options)
    {
        var added = (textIds, options.CandidateList) switch
        {
            (true, false) => Added<string, string, float>(context, options),
            (true, true) => Added<string, string[], float[]>(context, options),
            (false, false) => Added<long, long, float>(context, options),
            (false, true) => Added<long, long[], float[]>(context, options),
        };
        string[] scoring = [options.HistoryColumnName, options.CandidateColumnName, options.OutputColumnName];
        var dropped = trainingInput.Select(c => c.Name).Where(n => !scoring.Contains(n)).ToArray();
        return dropped.Length == 0 ? added.GetOutputSchema(trainingInput) : added.Append(context.Transforms.DropColumns(dropped)).GetOutputSchema(trainingInput);
    }

    private static IDataView View(MLContext context, bool textIds, RecommenderTrainingEstimator.Options options, bool withScore) =>
        (textIds, options.CandidateList) switch
        {
            (true, false) => Load<string, string, float>(context, options, withScore),
            (true, true) => Load<string, string[], float[]>(context, options, withScore),
            (false, false) => Load<long, long, float>(context, options, withScore),
            (false, true) => Load<long, long[], float[]>(context, options, withScore),
        };

    private static EstimatorChain<ITransformer> Added<TId, TCandidate, TScore>(MLContext context, RecommenderTrainingEstimator.Options options) =>
        new EstimatorChain<ITransformer>().Append<ITransformer>(context.Transforms.CustomMapping<Nothing, Row<TId, TCandidate, TScore>>(
            static (_, _) => { }, contractName: null, outputSchemaDefinition: Definition<TId, TCandidate, TScore>(options, withScore: true)));

    private static IDataView Load<TId, TCandidate, TScore>(MLContext context, RecommenderTrainingEstimator.Options options, bool withScore) =>
        context.Data.LoadFromEnumerable(Array.Empty<Row<TId, TCandidate, TScore>>(), Definition<TId, TCandidate, TScore>(options, withScore));

    private static SchemaDefinition Definition<TId, TCandidate, TScore>(RecommenderTrainingEstimator.Options options, bool withScore)
    {
        var definition = SchemaDefinition.Create(typeof(Row<TId, TCandidate, TScore>));
        definition[nameof(Row<TId, TCandidate, TScore>.History)].ColumnName = options.HistoryColumnName;
        definition[nameof(Row<TId, TCandidate, TScore>.Candidate)].ColumnName = options.CandidateColumnName;
        var score = definition[nameof(Row<TId, TCandidate, TScore>.Score)];
        if (withScore)
        {
            score.ColumnName = options.OutputColumnName;
        }
        else
        {
            definition.Remove(score);
        }

        return definition;
    }

    /// <summary>The never-run mapping's input: nothing.</summary>
    private sealed class Nothing
    {
    }

    /// <summary>One scoring row: only its types matter.</summary>
    private sealed class Row<TId, TCandidate, TScore>
    {
        public TId[] History { get; set; } = [];

        public TCandidate? Candidate { get; set; }

        public TScore? Score { get; set; }
    }
}
