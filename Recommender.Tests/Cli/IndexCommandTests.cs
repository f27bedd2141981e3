using Parquet.Serialization;
using Recommender.Tests.Core.BatchScoring;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Cli;

/// <summary><c>recommender index</c> and <c>--top-k-search</c>: the approximate search from the command line.</summary>
[Collection(TorchTests.Name)]
public sealed class IndexCommandTests : IClassFixture<TrainedBundles>, IDisposable
{
    private readonly SavedBundle _saved;

    public IndexCommandTests(TrainedBundles trained) => _saved = new SavedBundle(trained.BundleWithoutText);

    public void Dispose() => _saved.Dispose();

    [Fact]
    public async Task Index_builds_the_file_beside_the_bundle_and_the_next_run_reads_it()
    {
        var (built, builtText) = await CliRunner.RunAsync("index", "--model", _saved.Path);
        var file = Assert.Single(Directory.EnumerateFiles(_saved.Directory.Path, "model.recbundle.*.hnsw"));
        var written = File.GetLastWriteTimeUtc(file);

        var (again, againText) = await CliRunner.RunAsync("index", "--model", _saved.Path);

        Assert.True(built == 0 && again == 0, builtText + againText);
        Assert.Contains("Built the approximate top-K index of 12 items", builtText, StringComparison.Ordinal);
        Assert.Contains($"index of 12 items ready", againText, StringComparison.Ordinal);
        Assert.DoesNotContain("Built", againText, StringComparison.Ordinal);
        Assert.Equal(written, File.GetLastWriteTimeUtc(file));
    }

    [Fact]
    public async Task Score_with_the_approximate_search_writes_what_the_exact_search_writes_on_a_small_catalog()
    {
        var input = _saved.Directory.File("users.parquet");
        await ParquetSerializer.SerializeAsync(BatchScorerTests.Users, input);

        var exact = await CliRunner.RunAsync("score", "--model", _saved.Path, "--input", input, "--output", _saved.Directory.File("exact.parquet"), "--top-k", "2", "--top-k-search", "exact", "--quiet");
        var approximate = await CliRunner.RunAsync("score", "--model", _saved.Path, "--input", input, "--output", _saved.Directory.File("approximate.parquet"), "--top-k", "2",
            "--top-k-search", "approximate", "--index-dir", _saved.Directory.File("indexes"), "--quiet");

        Assert.True(exact.ExitCode == 0 && approximate.ExitCode == 0, exact.Output + approximate.Output);
        Assert.Contains("Built the approximate top-K index", approximate.Output, StringComparison.Ordinal);
        Assert.Single(Directory.EnumerateFiles(_saved.Directory.File("indexes"), "*.hnsw"));
        var expected = (await ParquetSerializer.DeserializeAsync<BatchScorerTests.OutputRow>(_saved.Directory.File("exact.parquet"))).Data;
        var actual = (await ParquetSerializer.DeserializeAsync<BatchScorerTests.OutputRow>(_saved.Directory.File("approximate.parquet"))).Data;
        Assert.Equal(expected.Select(r => (r.user_id, r.rank, r.item_id)), actual.Select(r => (r.user_id, r.rank, r.item_id)));
    }

    [Theory]
    [InlineData("full", ".hnsw")]
    [InlineData("half", "-f16.hnsw")]
    [InlineData("quantized", "-i8.hnsw")]
    public async Task Index_precision_chooses_how_the_file_stores_the_vectors(string precision, string ending)
    {
        var (exit, text) = await CliRunner.RunAsync("index", "--model", _saved.Path, "--index-precision", precision);

        Assert.True(exit == 0, text);
        var file = Assert.Single(Directory.EnumerateFiles(_saved.Directory.Path, "model.recbundle.*.hnsw"));
        Assert.EndsWith($"-ef{Scoring.ApproximateTopKOptions.Defaults.ExpansionAdd}{ending}", file, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_precision_is_a_usage_error_naming_the_choices()
    {
        var (exit, text) = await CliRunner.RunAsync("index", "--model", _saved.Path, "--index-precision", "double");

        Assert.Equal(2, exit);
        Assert.Contains("double", text, StringComparison.Ordinal);
        Assert.Contains("quantized", text, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(_saved.Directory.Path, "*.hnsw"));
    }

    [Fact]
    public async Task An_unknown_search_is_a_usage_error_naming_the_choices()
    {
        var (exit, text) = await CliRunner.RunAsync("recommend", "--model", _saved.Path, "--history", "1 2", "--top-k-search", "fast");

        Assert.Equal(2, exit);
        Assert.Contains("fast", text, StringComparison.Ordinal);
        Assert.Contains("approximate", text, StringComparison.Ordinal);
    }
}
