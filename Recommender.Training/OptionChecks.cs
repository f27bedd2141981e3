namespace Recommender.Training;

/// <summary>The one way options classes report a value out of range: the option's name, the value, and what is allowed.</summary>
internal static class OptionChecks
{
    public static void Require(bool ok, string name, object value, string expected)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be {expected}; got {value}.");
        }
    }
}
