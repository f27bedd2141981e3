using Parquet.Serialization;
using Recommender.Tests.Core.BatchScoring;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Cli;

[Collection(TorchTests.Name)]
public sealed class ScoreCommandTests : IClassFixture<TrainedBundles>, IDisposable
{
    private readonly SavedBundle _saved;

    public ScoreCommandTests(TrainedBundles trained) => _saved = new SavedBundle(trained.BundleWithoutText);

    public void Dispose() => _saved.Dispose();

    [Fact]
    public async Task Score_writes_the_top_k_of_every_user_and_reports_what_it_did()
    {
        var input = _saved.Directory.File("users.parquet");
        await ParquetSerializer.SerializeAsync(BatchScorerTests.Users, input);
        var output = _saved.Directory.File("out/recs.parquet");

        var (exit, text) = await CliRunner.RunAsync("score", "--model", _saved.Path, "--input", input, "--output", output, "--top-k", "2", "--quiet");

        Assert.True(exit == 0, text);
        Assert.Contains("parquet, one row per user", text, StringComparison.Ordinal);
        Assert.Matches(@"users scored \(shard 1/1\)\s*│\s*5\s", text);
        Assert.Matches(@"rows written \(top 2, seen items excluded\)\s*│\s*8\s", text);
        var rows = (await ParquetSerializer.DeserializeAsync<BatchScorerTests.OutputRow>(output)).Data;
        Assert.Equal(8, rows.Count);
        Assert.Equal(["u1", "u1", "u2", "u2", "u3", "u3", "u5", "u5"], rows.Select(r => r.user_id));
    }

    [Fact]
    public async Task Concurrent_batches_write_exactly_the_rows_of_one_batch_at_a_time()
    {
        var input = _saved.Directory.File("users.parquet");
        await ParquetSerializer.SerializeAsync(BatchScorerTests.Users, input);
        var serial = _saved.Directory.File("serial.parquet");
        var concurrent = _saved.Directory.File("concurrent.parquet");

        var one = await CliRunner.RunAsync("score", "--model", _saved.Path, "--input", input, "--output", serial, "--top-k", "3", "--batch-size", "2", "--concurrent-batches", "1", "--quiet");
        var three = await CliRunner.RunAsync("score", "--model", _saved.Path, "--input", input, "--output", concurrent, "--top-k", "3", "--batch-size", "2", "--concurrent-batches", "3", "--quiet");

        Assert.True(one.ExitCode == 0 && three.ExitCode == 0, one.Output + three.Output);
        var expected = (await ParquetSerializer.DeserializeAsync<BatchScorerTests.OutputRow>(serial)).Data;
        var actual = (await ParquetSerializer.DeserializeAsync<BatchScorerTests.OutputRow>(concurrent)).Data;
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(r => (r.user_id, r.rank, r.item_id, r.score)), actual.Select(r => (r.user_id, r.rank, r.item_id, r.score)));
    }

    [Theory]
    [InlineData("--shard", "3/2", "'3/2' is not a shard")]
    [InlineData("--top-k", "0", "--top-k, --batch-size and --concurrent-batches: expected at least 1 each; got 0, 1024 and")]
    [InlineData("--concurrent-batches", "0", "--top-k, --batch-size and --concurrent-batches: expected at least 1 each; got 10, 1024 and 0")]
    public async Task Bad_options_are_input_errors_that_say_what_was_expected(string option, string value, string message)
    {
        var input = _saved.Directory.Write("interactions.csv", "user,item\nu1,1\n");

        var (exit, text) = await CliRunner.RunAsync("score", "--model", _saved.Path, "--input", input, "--output", _saved.Directory.File("recs.parquet"), option, value);

        Assert.Equal(2, exit);
        Assert.Contains(message, text, StringComparison.Ordinal);
        Assert.False(File.Exists(_saved.Directory.File("recs.parquet")));
    }
}
