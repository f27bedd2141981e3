namespace Recommender.Data;

/// <summary>What a reader does with a malformed row.</summary>
public enum BadRowPolicy
{
    /// <summary>Stop with a <see cref="DataFormatException"/> that names the row (the default).</summary>
    Fail,

    /// <summary>Skip the row, count it, and keep the first few in the <see cref="ReadReport"/>.</summary>
    Skip,
}
