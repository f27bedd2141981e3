using Recommender.Bundles;
using Recommender.Data;

namespace Recommender.Cli.Failures;

/// <summary>
/// Turns any exception that ends a command into its exit code and the paragraph the user reads. Ordinary faults
/// (bad flags, bad data, a damaged bundle, a folder that cannot be written) are told in the input's own terms;
/// anything else is an internal error, and only <c>--verbose</c> shows the stack trace.
/// </summary>
internal static class FailureReport
{
    /// <summary>The exit code of <paramref name="exception"/>'s class of failure.</summary>
    public static int ExitCodeOf(Exception exception) => exception switch
    {
        CliFailure failure => failure.ExitCode,
        OperationCanceledException => ExitCodes.Canceled,
        DataFormatException => ExitCodes.Data,
        BundleFormatException => ExitCodes.Bundle,
        InvalidDataException => ExitCodes.Data,
        FileNotFoundException or DirectoryNotFoundException => ExitCodes.Data,
        UnauthorizedAccessException or IOException => ExitCodes.InputOutput,
        ArgumentException or FormatException => ExitCodes.Usage,
        InvalidOperationException => ExitCodes.Data,
        _ => ExitCodes.Internal,
    };

    /// <summary>What the user reads: one paragraph, library settings written as the flags that set them.</summary>
    public static string MessageOf(Exception exception)
    {
        var code = ExitCodeOf(exception);
        return code switch
        {
            ExitCodes.Canceled => "canceled; nothing was written that was not complete.",
            ExitCodes.Internal => $"internal error ({exception.GetType().Name}): {FlagNames.Rewrite(exception.Message)} This is a fault in the program, not in what it was given; "
                + "run the command again with --verbose to see where it happened, and report it with that output.",
            ExitCodes.InputOutput when exception is not CliFailure =>
                $"{FlagNames.Rewrite(exception.Message)} Check that the folder exists, can be written and has space, or choose another path.",
            _ => FlagNames.Rewrite(ParameterNameRemoved(exception)),
        };
    }

    /// <summary>An argument exception's message without the " (Parameter 'x')" suffix .NET adds, which names code, not input.</summary>
    private static string ParameterNameRemoved(Exception exception)
    {
        var message = exception.Message;
        if (exception is ArgumentException { ParamName: { } name })
        {
            var suffix = $" (Parameter '{name}')";
            var at = message.IndexOf(suffix, StringComparison.Ordinal);
            if (at >= 0)
            {
                message = message.Remove(at, suffix.Length);
            }
        }

        if (exception is ArgumentOutOfRangeException { ActualValue: not null } outOfRange)
        {
            // .NET appends the value on a line of its own; the options' messages already say it ("; got 4.").
            var line = $"{Environment.NewLine}Actual value was {outOfRange.ActualValue}.";
            var given = message.Contains("; got ", StringComparison.Ordinal) ? string.Empty : $" Got {outOfRange.ActualValue}.";
            message = message.Replace(line, given, StringComparison.Ordinal);
        }

        return message;
    }
}
