using Recommender.Bundles;
using Recommender.Evaluation;
using Recommender.Onnx;
using static Recommender.Onnx.OnnxGraphBuilder;

namespace Recommender.Training.Export;

/// <summary>
/// The item-transition term of <see cref="BundleTransitions"/> in ONNX: the follower table is a weight of the graph, and
/// each history's latest items scatter their followers' weights into a row over the catalog.
/// </summary>
internal static class TransitionGraph
{
    /// <summary>
    /// The term <c>Weight · ln(1 + Scale · t)</c> for every item, <c>[batch, table_rows]</c>, of left-padded
    /// <paramref name="history"/>; <paramref name="outputTable"/> gives the catalog's current size (items added after
    /// training have no statistics, as followers or as history items).
    /// </summary>
    public static string Term(OnnxGraphBuilder graph, string history, string outputTable, TransitionTable table, BundleTransitions settings)
    {
        var recent = settings.Recent;
        var batch = graph.Node("Shape", [history], Int("start", 0), Int("end", 1));

        // Leading padding makes every row at least Recent long, so the latest Recent columns line up with 1/r.
        var padding = graph.Node("Expand", [graph.Int64Scalar(0), graph.Node("Concat", [batch, graph.Int64s(recent)], Int("axis", 0))]);
        var padded = graph.Node("Concat", [padding, history], Int("axis", 1));
        var latest = graph.Node("Slice", [padded, graph.Int64s(-recent), graph.Int64s(long.MaxValue), graph.Int64s(1)]);
        var known = graph.Node("Where", [graph.Node("Less", [latest, graph.Int64Scalar(table.Rows)]), latest, graph.Int64Scalar(0)]);

        var followerTable = graph.Weight(BundleGraphs.TransitionFollowersInitializer, table.Followers, table.Rows, table.Width);
        var weightTable = graph.Weight("transitions.weights", table.Weights, table.Rows, table.Width);
        var byRecency = new float[recent];
        for (var column = 0; column < recent; column++)
        {
            byRecency[column] = 1f / (recent - column);
        }

        var recency = graph.Weight(BundleGraphs.TransitionRecencyInitializer, byRecency, recent, 1);
        var followers = graph.Node("Reshape", [graph.Node("Gather", [followerTable, known], Int("axis", 0)), graph.Int64s(0, -1)]);
        var weights = graph.Node("Reshape", [graph.Node("Mul", [graph.Node("Gather", [weightTable, known], Int("axis", 0)), recency]), graph.Int64s(0, -1)]);

        var rows = graph.Node("Shape", [outputTable], Int("start", 0), Int("end", 1));
        var zeros = graph.Node("ConstantOfShape", [graph.Node("Concat", [batch, rows], Int("axis", 0))]);
        var evidence = graph.Node("ScatterElements", [zeros, followers, weights], Int("axis", 1), String("reduction", "add"));
        var scaled = graph.Node("Log", [graph.Node("Add", [graph.Node("Mul", [evidence, graph.FloatScalar((float)settings.Scale)]), graph.FloatScalar(1)])]);
        return graph.Node("Mul", [scaled, graph.FloatScalar((float)settings.Weight)]);
    }
}
