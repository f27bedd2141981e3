namespace Recommender.Evaluation;

/// <summary>One model's HR@10 and NDCG@10 on one segment of the examples.</summary>
/// <param name="Dimension">What the examples are grouped by (see <see cref="ExampleSegments"/>).</param>
/// <param name="Segment">The group, e.g. "6-20" or "tail".</param>
/// <param name="Examples">Examples in the group.</param>
/// <param name="Model">The model.</param>
/// <param name="HitRate10">HR@10 on the group.</param>
/// <param name="Ndcg10">NDCG@10 on the group.</param>
public sealed record SegmentRow(string Dimension, string Segment, int Examples, string Model, double HitRate10, double Ndcg10);
