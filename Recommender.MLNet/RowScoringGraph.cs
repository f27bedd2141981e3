using Recommender.Bundles;
using Recommender.Onnx;
using static Recommender.Onnx.OnnxGraphBuilder;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Recommender.MLNet;

/// <summary>
/// The graph ML.NET runs for one row: the bundle's scorer with its item tables baked in, wrapped in the session's
/// input policies so a row scores exactly as <see cref="Scoring.RecommenderSession.Score"/> would.
/// </summary>
/// <remarks>
/// ML.NET feeds a row's history as <c>[1, n]</c> (n varies by row) and a scalar candidate as <c>[1, 1]</c>; it reads
/// an output of shape <c>[c]</c> as a vector (the scalar score is taken out of it afterwards).
/// </remarks>
internal static class RowScoringGraph
{
    public static byte[] Build(ModelBundle bundle, bool candidateList)
    {
        var model = bundle.Manifest.Model;
        var graph = new OnnxGraphBuilder(candidateList ? "recommender_candidate_list" : "recommender_candidate");
        var history = graph.Input(StageColumns.HistoryIndices, DataType.Int64, 1, "length");
        var candidates = graph.Input(StageColumns.CandidateIndices, DataType.Int64, 1, candidateList ? "candidates" : 1);

        // Unknown history items arrive as index 0 and are skipped; the latest MaxHistory known items are read.
        var flat = graph.Node("Reshape", [history, graph.Int64s(-1)]);
        var known = graph.Node("Compress", [flat, graph.Node("Not", [graph.Node("Equal", [flat, graph.Int64Scalar(0)])])], Int("axis", 0));

        // A leading padding item keeps a history with no known item a valid input (its result is replaced below);
        // the key-padding mask hides it from every real position, and a full window cuts it off.
        var padded = graph.Node("Concat", [graph.Int64s(0), known], Int("axis", 0));
        var window = graph.Node("Slice", [padded, graph.Int64s(-model.MaxHistory), graph.Int64s(long.MaxValue), graph.Int64s(0)]);

        var dim = model.Dim;
        var table = graph.Weight(BundleGraphs.ItemTable, bundle.ItemVectors.Span, bundle.ItemVectors.Length / dim, dim);
        var outputTable = model.TiedOutput ? table : graph.Weight(BundleGraphs.OutputTable, bundle.OutputVectors.Span, bundle.OutputVectors.Length / dim, dim);
        var scorer = graph.Inline(bundle.Graph(BundleGraphs.ScorerPart), "scorer/", new Dictionary<string, string>
        {
            [BundleGraphs.History] = graph.Node("Unsqueeze", [window, graph.Int64s(0)]),
            [BundleGraphs.Candidates] = candidates,
            [BundleGraphs.ItemTable] = table,
            [BundleGraphs.OutputTable] = outputTable,
        });

        var candidateIndices = graph.Node("Reshape", [candidates, graph.Int64s(-1)]);
        var popularity = bundle.PopularityAsFloats();
        var popular = graph.Node("Gather", [graph.Weight("popularity", popularity, popularity.Length), candidateIndices], Int("axis", 0));
        var noHistory = graph.Node("Equal", [graph.Node("Shape", [known]), graph.Int64s(0)]);
        var scores = graph.Node("Where", [noHistory, popular, graph.Node("Reshape", [scorer[BundleGraphs.Scores], graph.Int64s(-1)])]);
        var unknown = graph.Node("Equal", [candidateIndices, graph.Int64Scalar(0)]);
        scores = graph.Node("Where", [unknown, graph.FloatScalar(float.NegativeInfinity), scores]);
        graph.Output(scores, StageColumns.Scores, DataType.Float, candidateList ? "candidates" : 1);
        return graph.ToBytes("One row's history and candidates (bundle indices, 0 for unknown) to scores, as the scoring session gives them.");
    }
}
