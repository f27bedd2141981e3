using System.Globalization;
using System.Text;
using Parquet.Serialization;
using Recommender.Cli.Failures;
using Recommender.Tests.Core;
using Recommender.Tests.Core.BatchScoring;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Cli;

/// <summary>
/// The CLI's one error policy, command by command: each ordinary fault is one paragraph after "error:", with the exit
/// code of its class, no stack trace, nothing written and nothing left behind; outputs are checked before any work.
/// Paths that cannot be written are made so that they fail for root too: a folder under a regular file, and sysfs.
/// </summary>
[Collection(TorchTests.Name)]
public sealed class ErrorPolicyTests : IClassFixture<TrainedBundles>, IDisposable
{
    private readonly SavedBundle _saved;

    public ErrorPolicyTests(TrainedBundles trained) => _saved = new SavedBundle(trained.BundleWithoutText);

    private TempDirectory Dir => _saved.Directory;

    public void Dispose() => _saved.Dispose();

    public static TheoryData<string> UnwritableFolders()
    {
        var folders = new TheoryData<string> { "under-a-file" };
        if (OperatingSystem.IsLinux() && Directory.Exists("/sys/kernel"))
        {
            folders.Add("/sys/kernel/recommender-output");
        }

        return folders;
    }

    [Fact]
    public async Task An_unknown_flag_is_a_usage_error_that_points_to_help()
    {
        var (exit, output) = await CliRunner.RunAsync("score", "--modle", "x");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("error: Unrecognized command or argument '--modle'", output, StringComparison.Ordinal);
        Assert.Contains("see 'recommender score --help'", output, StringComparison.Ordinal);
        AssertNoStackTrace(output);
    }

    [Theory]
    [MemberData(nameof(UnwritableFolders))]
    public async Task Train_refuses_an_output_it_cannot_write_before_reading_the_data(string folder)
    {
        var data = CyclicData.WriteFolder(Dir);
        var output = Path.Combine(Unwritable(folder), "model.recbundle");

        var (exit, printed) = await CliRunner.RunAsync("train", "--input", data, "--output", output, "--epochs", "1", "--quiet");

        Assert.True(exit == ExitCodes.InputOutput, printed);
        Assert.Contains("error: --output: cannot write into the folder", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("training on", printed, StringComparison.Ordinal);
        AssertNoStackTrace(printed);
    }

    [Fact]
    public async Task Train_refuses_an_output_that_is_a_folder_before_reading_the_data()
    {
        var folder = Directory.CreateDirectory(Dir.File("models")).FullName;

        var (exit, printed) = await CliRunner.RunAsync("train", "--input", Dir.File("not-read"), "--output", folder);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains($"error: --output: '{folder}' is a folder; give the path of the file to write (for example '{Path.Combine(folder, "model.recbundle")}').", printed, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
    }

    [Fact]
    public async Task Train_options_out_of_range_are_named_by_their_flags_before_the_data_is_read()
    {
        var (exit, printed) = await CliRunner.RunAsync("train", "--input", Dir.File("not-read"), "--output", Dir.File("m.recbundle"), "--dim", "4");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("error: --dim must be from 8 to 4096; got 4.", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("SequenceModelOptions", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("Parameter", printed, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(UnwritableFolders))]
    public async Task Score_refuses_an_output_it_cannot_write_before_scoring(string folder)
    {
        var input = await UsersFile();
        var output = Path.Combine(Unwritable(folder), "recs.parquet");

        var (exit, printed) = await CliRunner.RunAsync("score", "--model", _saved.Path, "--input", input, "--output", output, "--quiet");

        Assert.True(exit == ExitCodes.InputOutput, printed);
        Assert.Contains("error: --output: cannot write into the folder", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("batch scoring", printed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Score_writes_into_an_existing_folder_as_a_folder_of_parts()
    {
        var input = await UsersFile();
        var folder = Directory.CreateDirectory(Dir.File("out")).FullName;

        var (exit, printed) = await CliRunner.RunAsync("score", "--model", _saved.Path, "--input", input, "--output", folder, "--quiet");

        Assert.True(exit == 0, printed);
        Assert.Equal(["_SUCCESS", "part-1-of-1.parquet"], Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Score_never_writes_over_its_input()
    {
        var input = await UsersFile();
        var before = await File.ReadAllBytesAsync(input);

        var (exit, printed) = await CliRunner.RunAsync("score", "--model", _saved.Path, "--input", input, "--output", input, "--quiet");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("is (or holds) an input of this command", printed, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(input));
    }

    [Fact]
    public async Task Score_never_writes_over_its_input_through_a_symbolic_link()
    {
        var input = await UsersFile();
        var link = Dir.File("link.parquet");
        File.CreateSymbolicLink(link, input);
        var before = await File.ReadAllBytesAsync(input);

        var (exit, _) = await CliRunner.RunAsync("score", "--model", _saved.Path, "--input", input, "--output", link, "--quiet");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Equal(before, await File.ReadAllBytesAsync(input));
    }

    [Fact]
    public async Task Score_removes_the_temporary_file_a_killed_run_left_and_keeps_one_still_being_written()
    {
        var input = await UsersFile();
        var output = Dir.File("recs.parquet");
        var stale = Dir.File($".recs.parquet.{Guid.NewGuid():N}.tmp");
        var live = Dir.File($".recs.parquet.{Guid.NewGuid():N}.tmp");
        await File.WriteAllTextAsync(stale, "left by a killed run");

        int exit;
        string printed;
        using (new FileStream(live, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None))
        {
            (exit, printed) = await CliRunner.RunAsync("score", "--model", _saved.Path, "--input", input, "--output", output, "--quiet");
            Assert.True(File.Exists(live), "a temporary file another writer holds is not removed");
        }

        Assert.True(exit == 0, printed);
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(output));
    }

    [Theory]
    [MemberData(nameof(UnwritableFolders))]
    public async Task Mlnet_export_refuses_an_output_it_cannot_write(string folder)
    {
        var (exit, printed) = await CliRunner.RunAsync("mlnet-export", "--model", _saved.Path, "--output", Path.Combine(Unwritable(folder), "pipeline.zip"));

        Assert.True(exit == ExitCodes.InputOutput, printed);
        Assert.Contains("error: --output: cannot write into the folder", printed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mlnet_export_refuses_an_output_that_is_a_folder()
    {
        var folder = Directory.CreateDirectory(Dir.File("export")).FullName;

        var (exit, printed) = await CliRunner.RunAsync("mlnet-export", "--model", _saved.Path, "--output", folder);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("is a folder", printed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_refuses_a_model_that_knows_none_of_the_items_and_writes_nothing()
    {
        var strangers = new StringBuilder();
        for (var user = 1; user <= 6; user++)
        {
            for (var step = 0; step < 5; step++)
            {
                strangers.Append(CultureInfo.InvariantCulture, $"s{user} other-{(user + step) % 9}\n");
            }
        }

        var data = Dir.Write("strangers/interactions.txt", strangers.ToString());
        var reports = Dir.File("reports");

        var (exit, printed) = await CliRunner.RunAsync("evaluate", "--model", _saved.Path, "--input", data, "--output-dir", reports, "--baselines", "popularity");

        Assert.True(exit == ExitCodes.Bundle, printed);
        Assert.Contains("share almost no items: the model knows 0 of 6 targets (0.0 %)", printed, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(reports, "evaluation.json")));
    }

    [Fact]
    public async Task Evaluate_refuses_an_output_folder_that_is_a_file()
    {
        var data = CyclicData.WriteFolder(Dir);
        var file = Dir.Write("reports", "a file, not a folder");

        var (exit, printed) = await CliRunner.RunAsync("evaluate", "--model", _saved.Path, "--input", data, "--output-dir", file);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("is a file; give a folder to write into", printed, StringComparison.Ordinal);
        Assert.Equal("a file, not a folder", await File.ReadAllTextAsync(file));
    }

    [Fact]
    public async Task A_bundle_whose_manifest_was_edited_is_a_bundle_error_naming_the_field_not_an_ONNX_Runtime_failure()
    {
        var edited = Dir.File("edited.recbundle");
        await File.WriteAllBytesAsync(edited, BundleZip.EditedManifest(await File.ReadAllBytesAsync(_saved.Path), m => BundleZip.Model(m)["maxLength"] = 200));

        var (exit, printed) = await CliRunner.RunAsync("recommend", "--model", edited, "--history", "1 2 3");

        Assert.Equal(ExitCodes.Bundle, exit);
        Assert.Contains("error: ", printed, StringComparison.Ordinal);
        Assert.Contains("model.maxLength 200", printed.ReplaceLineEndings(" "), StringComparison.Ordinal);
        AssertNoStackTrace(printed);
    }

    [Fact]
    public async Task A_movielens_file_with_one_malformed_line_is_read_as_movielens_and_the_error_names_that_line()
    {
        var path = Dir.Write("log.txt", "1::10::5::978300760\n1::20::4::978300761\n2::oops\n2::10::3::978300762\n3::20::4::978300763\n");

        var (exit, printed) = await CliRunner.RunAsync("data", "stats", "--input", path);

        Assert.Equal(ExitCodes.Data, exit);
        Assert.Contains($"error: {path}: line 3: expected 4 fields", printed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gzip_and_utf16_without_a_byte_order_mark_are_read_as_their_plain_utf8_twin()
    {
        const string Text = "user,item,timestamp\nu1,Amélie,1\nu1,Léon,2\nu2,Amélie,3\n";
        var plain = Dir.Write("plain/interactions.csv", Text);
        var gzip = Dir.File("gzip/interactions.csv.gz");
        Directory.CreateDirectory(Path.GetDirectoryName(gzip)!);
        await File.WriteAllBytesAsync(gzip, GzipReaderTests.Gzip(Encoding.UTF8.GetBytes(Text)));
        var utf16 = Dir.File("utf16/interactions.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(utf16)!);
        await File.WriteAllBytesAsync(utf16, Encoding.Unicode.GetBytes(Text));

        var outputs = new List<string>();
        foreach (var path in new[] { plain, gzip, utf16 })
        {
            var (exit, printed) = await CliRunner.RunAsync("data", "stats", "--input", path, "--json");
            Assert.True(exit == 0, printed);
            using var json = System.Text.Json.JsonDocument.Parse(printed);
            outputs.Add(json.RootElement.GetProperty("statistics").GetRawText());
        }

        Assert.Equal(outputs[0], outputs[1]);
        Assert.Equal(outputs[0], outputs[2]);
    }

    [Fact]
    public async Task Verbose_adds_the_stack_trace_to_the_same_message()
    {
        var path = Dir.Write("u.data", "1\t2\t3\t4\n1\t2\t3\n");

        var (quietExit, quiet) = await CliRunner.RunAsync("data", "stats", "--input", path);
        var (verboseExit, verbose) = await CliRunner.RunAsync("data", "stats", "--input", path, "--verbose");

        Assert.Equal(ExitCodes.Data, quietExit);
        Assert.Equal(ExitCodes.Data, verboseExit);
        AssertNoStackTrace(quiet);
        Assert.StartsWith(quiet.TrimEnd(), verbose, StringComparison.Ordinal);
        Assert.Contains("DataFormatException", verbose, StringComparison.Ordinal);
        Assert.Contains("   at ", verbose, StringComparison.Ordinal);
    }

    private static void AssertNoStackTrace(string output)
    {
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception:", output, StringComparison.Ordinal);
    }

    /// <summary>A folder no one can create: under a regular file, or in sysfs.</summary>
    private string Unwritable(string folder) =>
        folder == "under-a-file" ? Path.Combine(Dir.Write("plain-file", "not a folder"), "out") : folder;

    private async Task<string> UsersFile()
    {
        var input = Dir.File("users.parquet");
        await ParquetSerializer.SerializeAsync(BatchScorerTests.Users, input);
        return input;
    }
}
