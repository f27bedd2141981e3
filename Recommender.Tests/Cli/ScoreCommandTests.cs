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

    [Fact]
    public async Task A_folder_of_parquet_files_is_scored_into_a_folder_of_parts_and_success_follows_the_last()
    {
        var histories = _saved.Directory.File("histories");
        Directory.CreateDirectory(Path.Combine(histories, "day=1"));
        await ParquetSerializer.SerializeAsync(BatchScorerTests.Users[..3], Path.Combine(histories, "day=1", "part-00000.parquet"));
        await ParquetSerializer.SerializeAsync(BatchScorerTests.Users[3..], Path.Combine(histories, "part-00001.parquet"));
        _saved.Directory.Write("histories/_SUCCESS", string.Empty);
        var output = _saved.Directory.File("recs") + Path.DirectorySeparatorChar;

        var first = await CliRunner.RunAsync("score", "--model", _saved.Path, "--input", histories, "--output", output, "--shard", "2/2", "--quiet");
        var second = await CliRunner.RunAsync("score", "--model", _saved.Path, "--input", histories, "--output", output, "--shard", "1/2", "--quiet");
        var whole = await CliRunner.RunAsync("score", "--model", _saved.Path, "--input", histories, "--output", _saved.Directory.File("all.parquet"), "--quiet");

        Assert.True(first.ExitCode == 0 && second.ExitCode == 0 && whole.ExitCode == 0, first.Output + second.Output + whole.Output);
        Assert.Matches(@"files read\s*│\s*2\s", first.Output);
        Assert.Matches(@"users read\s*│\s*5\s", first.Output);
        Assert.Contains("part written: " + Path.Combine(output, "part-2-of-2.parquet"), first.Output, StringComparison.Ordinal);
        Assert.Contains("_SUCCESS not yet: 1 of 2 parts missing (part-1-of-2.parquet)", first.Output, StringComparison.Ordinal);
        Assert.Contains("_SUCCESS written: all 2 parts are in", second.Output, StringComparison.Ordinal);
        var parts = new List<BatchScorerTests.OutputRow>();
        foreach (var part in new[] { "part-1-of-2.parquet", "part-2-of-2.parquet" })
        {
            parts.AddRange((await ParquetSerializer.DeserializeAsync<BatchScorerTests.OutputRow>(Path.Combine(output, part))).Data);
        }

        var expected = (await ParquetSerializer.DeserializeAsync<BatchScorerTests.OutputRow>(_saved.Directory.File("all.parquet"))).Data;
        Assert.Equal(expected.Select(r => (r.user_id, r.rank, r.item_id)).Order(), parts.Select(r => (r.user_id, r.rank, r.item_id)).Order());
    }

    [Fact]
    public async Task An_output_folder_inside_the_input_folder_or_holding_parts_of_another_shard_count_is_refused()
    {
        var histories = _saved.Directory.File("histories");
        Directory.CreateDirectory(histories);
        await ParquetSerializer.SerializeAsync(BatchScorerTests.Users, Path.Combine(histories, "part-00000.parquet"));
        var inside = Path.Combine(histories, "recs") + Path.DirectorySeparatorChar;
        var output = _saved.Directory.Write("recs/part-1-of-4.parquet", "a part of another run");

        var nested = await CliRunner.RunAsync("score", "--model", _saved.Path, "--input", histories, "--output", inside, "--quiet");
        var mixed = await CliRunner.RunAsync("score", "--model", _saved.Path, "--input", histories, "--output", _saved.Directory.File("recs"), "--shard", "3/8", "--quiet");

        Assert.Equal(2, nested.ExitCode);
        Assert.Contains("is inside the input folder", nested.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(inside));
        Assert.Equal(2, mixed.ExitCode);
        Assert.Contains("holds part-1-of-4.parquet, a part of a run split into another number of shards than 8", mixed.Output, StringComparison.Ordinal);
        Assert.Equal(["part-1-of-4.parquet"], Directory.GetFiles(Path.GetDirectoryName(output)!).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("--shard", "3/2", "'3/2' is not a shard")]
    [InlineData("--shard", "env/0", "'env/0' is not a shard")]
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
