using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Cli;

public sealed class DataGenerateCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_small_catalog_gets_shorter_histories_instead_of_an_error_about_an_internal_setting()
    {
        var folder = _dir.File("small");

        var (exitCode, output) = await CliRunner.RunAsync("data", "generate", "--output", folder, "--items", "100", "--users", "200", "--series-fraction", "0.5", "--continuation", "0.7", "--noise", "0.2");

        Assert.True(exitCode == 0, output);
        Assert.True(File.Exists(Path.Combine(folder, "interactions.parquet")));
        Assert.True(File.Exists(Path.Combine(folder, "items.parquet")));
        Assert.Matches(@"users\s*│\s*200\b", output);

        // No user can consume more than half of a 100-item catalog.
        Assert.Matches(@"sequence length min / mean / max\s*│\s*5 / [0-9.]+ / ([1-4][0-9]|50)\b", output);
    }

    [Theory]
    [InlineData("--items", "10", "--items: expected at least 50 items, enough for every genre and a few series; got 10.")]
    [InlineData("--users", "0", "--users: expected at least 1 user; got 0.")]
    [InlineData("--noise", "1.5", "--noise: expected a probability from 0 to 1; got 1.5.")]
    [InlineData("--continuation", "1.1", "--continuation: expected a probability from 0 to 1; got 1.1.")]
    [InlineData("--series-fraction", "0.95", "--series-fraction: expected a fraction from 0 to 0.9; got 0.95.")]
    public async Task Out_of_range_flags_are_refused_by_their_name_and_nothing_is_written(string flag, string value, string message)
    {
        var folder = _dir.File("out");

        var (exitCode, output) = await CliRunner.RunAsync("data", "generate", "--output", folder, flag, value);

        Assert.Equal(2, exitCode);
        Assert.Contains("error: " + message, output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any(), "nothing may be written");
    }
}
