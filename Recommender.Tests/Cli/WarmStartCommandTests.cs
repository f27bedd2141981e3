using System.Globalization;
using System.Text;
using Recommender.Bundles;
using Recommender.Cli.Failures;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Cli;

/// <summary>
/// <c>train --init-from</c>: the earlier model's items keep their indices (those the new data lacks too), new items
/// come after them, the bundle records where it came from, and flags that would change the model are refused
/// before any data is read.
/// </summary>
[Collection(TorchTests.Name)]
public sealed class WarmStartCommandTests : IDisposable
{
    private static readonly string[] Small = ["--dim", "16", "--layers", "1", "--heads", "2", "--max-len", "8", "--batch-size", "8", "--text", "on", "--transitions", "off", "--quiet"];
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_warm_start_keeps_earlier_items_in_place_adds_new_ones_and_records_its_lineage()
    {
        var (earlier, recmodel) = await TrainEarlierAsync();
        var today = WriteToday();
        var bundle = _directory.File("today.recbundle");

        var (exit, output) = await CliRunner.RunAsync(["train", "--input", today, "--output", bundle, "--init-from", recmodel, "--epochs", "1", "--quiet"]);

        Assert.True(exit == 0, output);
        Assert.Contains("--init-from yesterday.recmodel  continues from its weights and its shape (--dim 16, --max-len 8, --text on); its 12 items keep their rows, 2 new items are added", output, StringComparison.Ordinal);
        var before = ModelBundle.Load(earlier);
        var after = ModelBundle.Load(bundle);
        Assert.Equal(before.Items.Ids, after.Items.Ids.Take(before.Items.Count));
        Assert.Equal(["13", "14"], after.Items.Ids.Skip(before.Items.Count));
        Assert.Contains("12", after.Items.Ids);
        Assert.Equal(before.Manifest.Model with { ItemCount = after.Manifest.Model.ItemCount }, after.Manifest.Model with { Transitions = null });
        var step = Assert.Single(after.Manifest.Lineage!);
        Assert.Equal((BundleLineage.WarmStart, BundleVersion.OfFile(recmodel), "yesterday.recmodel", "today"), (step.Operation, step.ParentVersion, step.ParentFile, step.Input));
        Assert.Contains("2 new items added", step.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_flag_that_would_change_the_model_is_refused_before_the_data_is_read()
    {
        var (_, recmodel) = await TrainEarlierAsync();

        var (exit, output) = await CliRunner.RunAsync("train", "--input", _directory.File("no-such-data"), "--output", _directory.File("x.recbundle"), "--init-from", recmodel, "--dim", "32");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--dim 32: the model in", output, StringComparison.Ordinal);
        Assert.Contains("has --dim 16, and a warm start keeps the earlier model's shape", output, StringComparison.Ordinal);
        Assert.False(File.Exists(_directory.File("x.recbundle")));
    }

    [Fact]
    public async Task A_bundle_or_a_missing_file_is_not_a_model_to_continue_from()
    {
        var (earlier, _) = await TrainEarlierAsync();

        var bundle = await CliRunner.RunAsync("train", "--input", WriteToday(), "--output", _directory.File("x.recbundle"), "--init-from", earlier, "--quiet");
        var missing = await CliRunner.RunAsync("train", "--input", WriteToday(), "--output", _directory.File("x.recbundle"), "--init-from", _directory.File("none.recmodel"), "--quiet");

        Assert.Equal(ExitCodes.Bundle, bundle.ExitCode);
        Assert.Contains("a .recbundle holds no TorchSharp weights", bundle.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, missing.ExitCode);
        Assert.Contains("none.recmodel': no such file. Train with --torch-model", missing.Output, StringComparison.Ordinal);
    }

    private async Task<(string Bundle, string Recmodel)> TrainEarlierAsync()
    {
        var folder = CyclicData.WriteFolder(_directory);
        var bundle = _directory.File("yesterday.recbundle");
        var recmodel = _directory.File("yesterday.recmodel");
        var (exit, output) = await CliRunner.RunAsync(["train", "--input", folder, "--output", bundle, "--torch-model", recmodel, "--epochs", "2", .. Small]);
        Assert.True(exit == 0, output);
        return (bundle, recmodel);
    }

    /// <summary>Today's data: the cyclic walks without item 12, and new users who also watch the new items 13 and 14.</summary>
    private string WriteToday()
    {
        var sequences = new StringBuilder();
        for (var user = 0; user < 36; user++)
        {
            for (var step = 0; step < 9 + user % 5; step++)
            {
                var item = (user + step) % 11 + 1;
                sequences.Append(CultureInfo.InvariantCulture, $"{user + 1} {item}\n");
            }
        }

        for (var user = 40; user < 46; user++)
        {
            sequences.Append(CultureInfo.InvariantCulture, $"{user} 3\n{user} 13\n{user} 4\n{user} 14\n{user} 5\n");
        }

        var movies = new StringBuilder();
        foreach (var item in CyclicData.Catalog().Items)
        {
            movies.Append(CultureInfo.InvariantCulture, $"{item.Id}::{item.Title} (2001)::{item.GetText("genres")}\n");
        }

        movies.Append("13::Episode 13, new (2002)::Odd\n14::Episode 14, new (2002)::Even\n");
        _directory.Write("today/sequences.txt", sequences.ToString());
        _directory.Write("today/movies.dat", movies.ToString());
        return _directory.File("today");
    }
}
