using CsCheck;

namespace Recommender.Tests.TestSupport;

/// <summary>
/// Draws a fixed sequence of cases from a generator: the same seed gives the same cases on every run, so a fuzzing
/// test is deterministic, and a failure names the case number that reproduces it.
/// </summary>
internal static class FuzzSample
{
    public static void Run<T>(Gen<T> gen, long cases, uint seed, Action<T> assert)
    {
        var random = new PCG(seed);
        for (long i = 0; i < cases; i++)
        {
            var value = gen.Generate(random, null, out _);
            try
            {
                assert(value);
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"Fuzzing case {i} of seed {seed} ({value}) failed: {e}");
            }
        }
    }
}
