namespace Recommender.Data;

/// <summary>How the ids of an <see cref="IdMap"/> are spelled in their source.</summary>
public enum IdKind
{
    /// <summary>Every id is a canonical 64-bit integer, written as such ("42", not "042" or "+42").</summary>
    Numeric,

    /// <summary>At least one id is not a canonical integer; ids are opaque strings.</summary>
    Text,
}
