using Recommender.Cli.Failures;
using System.Text.Json;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Cli;

public sealed class DataStatsCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Stats_of_a_sequence_file_with_movies_joined_reports_counts_and_titles()
    {
        _dir.Write("ml/sequences.txt", "1 10\n1 20\n1 30\n2 20\n2 10\n3 30\n");
        _dir.Write("ml/movies.dat", "10::Ten (1990)::Drama\n20::Twenty (1991)::Comedy\n30::Thirty (1992)::War\n", System.Text.Encoding.Latin1);

        var (exitCode, output) = await CliRunner.RunAsync("data", "stats", "--input", _dir.File("ml"));

        Assert.Equal(0, exitCode);
        Assert.Matches(@"users\s*│\s*3\b", output);
        Assert.Matches(@"items\s*│\s*3\b", output);
        Assert.Matches(@"interactions\s*│\s*6\b", output);
        Assert.Matches(@"interacted items with a title\s*│\s*3 of 3", output);
        Assert.Matches(@"users too short for leave-one-out \(< 3\)\s*│\s*2\b", output);
        Assert.Contains("interactions-text", output, StringComparison.Ordinal);
        Assert.Matches(@"interactions on the top 1 % of items\s*│\s*33\.3 %", output);
    }

    [Fact]
    public async Task Json_output_carries_the_statistics_and_the_read_report()
    {
        var path = _dir.Write("ratings.dat", "1::10::5::1\n1::10::5::1\n1::11::4::2\n");

        var (exitCode, output) = await CliRunner.RunAsync("data", "stats", "-i", path, "--json");

        Assert.Equal(0, exitCode);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(2, json.RootElement.GetProperty("statistics").GetProperty("interactions").GetInt64());
        Assert.Equal(1, json.RootElement.GetProperty("report").GetProperty("duplicates").GetProperty("dropped").GetInt64());
        Assert.Equal(3, json.RootElement.GetProperty("report").GetProperty("interactions").GetProperty("rowsRead").GetInt64());

        // Two items of one interaction each: the top 1 % is one item, half of the interactions.
        var statistics = json.RootElement.GetProperty("statistics");
        Assert.Equal(0.5, statistics.GetProperty("topPercentItemsShare").GetDouble());
        Assert.All(statistics.GetProperty("itemInteractionPercentiles").EnumerateArray(), p => Assert.Equal(1, p.GetInt32()));
    }

    [Fact]
    public async Task A_malformed_line_fails_with_the_data_exit_code_and_the_line_number()
    {
        var path = _dir.Write("u.data", "1\t2\t3\t4\n1\t2\t3\n");

        var (exitCode, output) = await CliRunner.RunAsync("data", "stats", "--input", path);

        Assert.Equal(ExitCodes.Data, exitCode);
        Assert.Contains($"error: {path}: line 2: expected 4 tab-separated fields", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Skip_bad_rows_reports_the_skipped_lines()
    {
        var path = _dir.Write("u.data", "1\t2\t3\t4\nnot a row\n1\t3\t3\t5\n");

        var (exitCode, output) = await CliRunner.RunAsync("data", "stats", "--input", path, "--skip-bad-rows");

        Assert.Equal(0, exitCode);
        Assert.Contains("skipped 1 malformed rows", output, StringComparison.Ordinal);
        Assert.Contains("line 2: expected 4 tab-separated fields", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_format_name_lists_the_known_ones()
    {
        var path = _dir.Write("x.txt", "1 2\n");

        var (exitCode, output) = await CliRunner.RunAsync("data", "stats", "--input", path, "--format", "excel");

        Assert.Equal(2, exitCode);
        Assert.Contains("Unknown format 'excel'; expected one of auto, movielens-1m", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_encoding_of_each_file_and_why_is_printed_and_can_be_given()
    {
        _dir.Write("ml/ratings.dat", "1::10::5::1\n1::20::4::2\n");
        _dir.Write("ml/movies.dat", "10::Amélie (2001)::Comedy\n20::Léon (1994)::Drama\n", System.Text.Encoding.Latin1);

        var (exitCode, output) = await CliRunner.RunAsync("data", "stats", "--input", _dir.File("ml"));
        var (jsonExitCode, jsonOutput) = await CliRunner.RunAsync("data", "stats", "--input", _dir.File("ml"), "--json");
        var (givenExitCode, givenOutput) = await CliRunner.RunAsync("data", "stats", "--input", _dir.File("ml"), "--encoding", "latin1");

        Assert.Equal((0, 0, 0), (exitCode, jsonExitCode, givenExitCode));
        Assert.Matches(@"encoding\s*│\s*UTF-8 \(valid UTF-8\)", output);
        Assert.Matches(@"encoding\s*│\s*Latin-1 \(not valid UTF-8: first invalid byte at offset 6\)", output);
        using var json = JsonDocument.Parse(jsonOutput);
        var report = json.RootElement.GetProperty("report");
        Assert.Equal("UTF-8", report.GetProperty("interactions").GetProperty("encoding").GetString());
        Assert.Equal("Latin-1", report.GetProperty("items").GetProperty("encoding").GetString());
        Assert.Equal("not valid UTF-8: first invalid byte at offset 6", report.GetProperty("items").GetProperty("encodingDecision").GetString());
        Assert.Matches(@"encoding\s*│\s*Latin-1 \(given\)", givenOutput);
    }

    [Fact]
    public async Task An_unknown_encoding_name_lists_the_known_ones()
    {
        var path = _dir.Write("x.txt", "1 2\n");

        var (exitCode, output) = await CliRunner.RunAsync("data", "stats", "--input", path, "--encoding", "ebcdic");

        Assert.Equal(2, exitCode);
        Assert.Contains("Unknown encoding 'ebcdic'; expected one of auto, utf-8, utf-16, utf-16le, utf-16be, latin1.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_input_says_so()
    {
        var (exitCode, output) = await CliRunner.RunAsync("data", "stats", "--input", _dir.File("nope"));

        Assert.Equal(ExitCodes.Data, exitCode);
        Assert.Contains("is neither a file nor a folder", output, StringComparison.Ordinal);
    }
}
