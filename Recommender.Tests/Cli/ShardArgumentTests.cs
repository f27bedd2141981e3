using Recommender.BatchScoring;
using Recommender.Cli.Commands;
using Recommender.Cli.Failures;

namespace Recommender.Tests.Cli;

/// <summary><c>--shard</c> as i/n or from the scheduler's index: the environment is looked up through a function, so no test changes the process's own.</summary>
public sealed class ShardArgumentTests
{
    [Theory]
    [InlineData("2/8", null, 2, 8)]
    [InlineData("env/8", "0", 1, 8)]
    [InlineData("env/8", "7", 8, 8)]
    [InlineData("env/1", "0", 1, 1)]
    public void The_shard_is_read_from_the_text_or_from_the_completion_index(string text, string? index, int number, int count)
    {
        var shard = ShardArgument.Parse(text, name => name == "JOB_COMPLETION_INDEX" ? index : null);

        Assert.Equal(new Shard(number, count), shard);
    }

    [Theory]
    [InlineData("env/8", null, "the environment variable JOB_COMPLETION_INDEX is not set")]
    [InlineData("env/8", "8", "JOB_COMPLETION_INDEX is '8'; expected a whole number from 0 to 7")]
    [InlineData("env/8", "-1", "JOB_COMPLETION_INDEX is '-1'; expected a whole number from 0 to 7")]
    [InlineData("env/8", "one", "JOB_COMPLETION_INDEX is 'one'")]
    [InlineData("env/0", "0", "'env/0' is not a shard")]
    [InlineData("env/x", "0", "'env/x' is not a shard")]
    [InlineData("env8", "0", "'env8' is not a shard: expected i/n with 1 <= i <= n (e.g. 2/8), or env/n")]
    [InlineData("3/2", null, "'3/2' is not a shard")]
    public void A_missing_or_bad_index_is_a_usage_error_naming_the_variable_and_its_value(string text, string? index, string message)
    {
        var error = Assert.Throws<CliFailure>(() => ShardArgument.Parse(text, _ => index));

        Assert.Equal(2, error.ExitCode);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_completion_index_is_the_shard_one_higher()
    {
        Assert.Equal(new Shard(3, 4), Shard.FromCompletionIndex(2, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => Shard.FromCompletionIndex(4, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => Shard.FromCompletionIndex(-1, 4));
    }
}
