using Recommender.Bundles;
using Recommender.Cli.Failures;
using Recommender.Data;

namespace Recommender.Tests.Cli;

public sealed class FailureReportTests
{
    public static TheoryData<Exception, int> Classes() => new()
    {
        { CliFailure.Usage("x"), ExitCodes.Usage },
        { CliFailure.InputData("x"), ExitCodes.Data },
        { CliFailure.Bundle("x"), ExitCodes.Bundle },
        { CliFailure.InputOutput("x"), ExitCodes.InputOutput },
        { new DataFormatException("f.csv", "line 3", "x", "a number"), ExitCodes.Data },
        { new FileNotFoundException("no such file"), ExitCodes.Data },
        { new BundleFormatException("m.recbundle", "manifest.json", "maxLength 200 does not match the graphs"), ExitCodes.Bundle },
        { new IOException("No space left on device"), ExitCodes.InputOutput },
        { new UnauthorizedAccessException("denied"), ExitCodes.InputOutput },
        { new ArgumentOutOfRangeException("Dim", 4, "SequenceModelOptions.Dim must be from 8 to 4096; got 4."), ExitCodes.Usage },
        { new OperationCanceledException(), ExitCodes.Canceled },
        { new KeyNotFoundException(), ExitCodes.Internal },
        { new NotSupportedException("not supported"), ExitCodes.Internal },
    };

    [Theory]
    [MemberData(nameof(Classes))]
    public void Every_failure_has_the_exit_code_of_its_class(Exception exception, int exitCode) =>
        Assert.Equal(exitCode, FailureReport.ExitCodeOf(exception));

    [Fact]
    public void Library_settings_are_shown_as_the_flags_that_set_them()
    {
        var message = FailureReport.MessageOf(new ArgumentOutOfRangeException("Items", 10, "SyntheticDatasetOptions.Items: expected at least 50 items; got 10."));

        Assert.Equal("--items: expected at least 50 items; got 10.", message);
        Assert.Equal("name the format with --format or the columns with --columns", FlagNames.Rewrite("name the format with DataReadOptions.Format or the columns with DataReadOptions.Columns"));
        Assert.Equal("SomeOptions.Unknown stays", FlagNames.Rewrite("SomeOptions.Unknown stays"));
    }

    [Fact]
    public void An_internal_error_says_so_and_how_to_see_more()
    {
        var message = FailureReport.MessageOf(new KeyNotFoundException("The given key 'x' was not present in the dictionary."));

        Assert.StartsWith("internal error (KeyNotFoundException): The given key 'x' was not present", message, StringComparison.Ordinal);
        Assert.Contains("--verbose", message, StringComparison.Ordinal);
    }
}
