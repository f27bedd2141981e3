namespace Recommender.Evaluation;

/// <summary>Settings of <see cref="ItemKnnScorer"/>.</summary>
public sealed record ItemKnnOptions
{
    /// <summary>How many most-similar items each item keeps (default 100). More is slower and rarely better.</summary>
    public int Neighbours { get; init; } = 100;

    internal void Validate()
    {
        if (Neighbours < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Neighbours), Neighbours, "An item must keep at least one neighbour.");
        }
    }
}
