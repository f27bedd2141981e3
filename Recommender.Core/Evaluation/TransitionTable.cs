namespace Recommender.Evaluation;

/// <summary>
/// <see cref="ItemTransitionScorer"/>'s statistics in fixed-width rows: <c>Followers[i * Width + n]</c> follows item i
/// with weight <c>Weights[i * Width + n]</c>; unused cells hold follower 0 (padding) with weight 0.
/// </summary>
/// <param name="Rows">Items plus the padding row 0.</param>
/// <param name="Width">Followers per row.</param>
/// <param name="Followers">Follower indices, row-major <c>[Rows, Width]</c>.</param>
/// <param name="Weights">Their weights, in the same layout.</param>
internal sealed record TransitionTable(int Rows, int Width, int[] Followers, float[] Weights);
