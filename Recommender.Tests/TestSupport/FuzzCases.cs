using System.Globalization;

namespace Recommender.Tests.TestSupport;

/// <summary>
/// How many random cases a fuzzing test tries. The normal suite runs a fast subset; the long run sets
/// <c>RECOMMENDER_FUZZ_CASES</c> (e.g. 10000) and filters on the <c>Fuzz</c> category:
/// <c>RECOMMENDER_FUZZ_CASES=10000 dotnet test Recommender.sln -c Release --filter Category=Fuzz</c>.
/// </summary>
internal static class FuzzCases
{
    public const string Category = "Fuzz";

    private const string Variable = "RECOMMENDER_FUZZ_CASES";

    private const string FirstVariable = "RECOMMENDER_FUZZ_FIRST";

    /// <summary>The cases to try: <paramref name="fast"/> unless the environment asks for more.</summary>
    public static long Count(long fast) =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } text && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var cases) && cases > 0
            ? cases
            : fast;

    /// <summary>The first case of a seed's sequence to check (<c>RECOMMENDER_FUZZ_FIRST</c>, default 0): the cases before it are drawn and skipped.</summary>
    public static long First() =>
        Environment.GetEnvironmentVariable(FirstVariable) is { Length: > 0 } text && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            ? first
            : 0;
}
