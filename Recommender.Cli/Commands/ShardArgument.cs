using System.Globalization;
using Recommender.BatchScoring;
using Recommender.Cli.Failures;

namespace Recommender.Cli.Commands;

/// <summary>
/// The value of <c>--shard</c>: <c>i/n</c>, or <c>env/n</c> to take i from the scheduler, which tells each of n
/// identical pods its 0-based index in <see cref="IndexVariable"/> (as a Kubernetes Indexed Job does), so one
/// command line serves every pod.
/// </summary>
internal static class ShardArgument
{
    public const string IndexVariable = "JOB_COMPLETION_INDEX";

    private const string Expected = "expected i/n with 1 <= i <= n (e.g. 2/8), or env/n to take i - 1 from the environment variable " + IndexVariable + " (e.g. env/8)";

    /// <summary>The shard <paramref name="text"/> names; <paramref name="environment"/> looks up environment variables.</summary>
    /// <exception cref="CliFailure">The text is neither form, or the variable is missing, not a number, or not below n.</exception>
    public static Shard Parse(string text, Func<string, string?> environment)
    {
        if (!text.StartsWith("env/", StringComparison.Ordinal))
        {
            try
            {
                return Shard.Parse(text);
            }
            catch (FormatException)
            {
                throw CliFailure.Usage($"--shard: '{text}' is not a shard: {Expected}.");
            }
        }

        if (!int.TryParse(text.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
        {
            throw CliFailure.Usage($"--shard: '{text}' is not a shard: {Expected}; the shard count after env/ must be at least 1.");
        }

        var value = environment(IndexVariable);
        if (value is null)
        {
            throw CliFailure.Usage($"--shard {text}: the environment variable {IndexVariable} is not set; it holds this task's 0-based index (a Kubernetes Indexed Job sets it), "
                + "or give the shard as i/n.");
        }

        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= count)
        {
            throw CliFailure.Usage($"--shard {text}: the environment variable {IndexVariable} is '{value}'; expected a whole number from 0 to {count - 1} "
                + $"(the task's 0-based index among {count}; is the job's completion count {count}?).");
        }

        return Shard.FromCompletionIndex(index, count);
    }
}
