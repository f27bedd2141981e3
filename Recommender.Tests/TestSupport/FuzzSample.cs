using CsCheck;

namespace Recommender.Tests.TestSupport;

/// <summary>
/// Draws a fixed sequence of cases from a generator: the same seed gives the same cases on every run, so a fuzzing
/// test is deterministic, and a failure names the case number that reproduces it.
/// </summary>
internal static class FuzzSample
{
    /// <summary>
    /// Checks <paramref name="cases"/> cases of the seed's sequence, starting at case <see cref="FuzzCases.First"/>
    /// (0 unless the environment says otherwise: a long run may be split into processes, each taking its own range).
    /// </summary>
    public static void Run<T>(Gen<T> gen, long cases, uint seed, Action<T> assert)
    {
        var random = new PCG(seed);
        var first = FuzzCases.First();
        for (long i = 0; i < first; i++)
        {
            gen.Generate(random, null, out _);
        }

        for (var i = first; i < first + cases; i++)
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
