namespace Recommender.Cli.Failures;

/// <summary>A failure a command found itself, with the exit code of its class; printed as one paragraph, no stack trace.</summary>
internal sealed class CliFailure : Exception
{
    private CliFailure(int exitCode, string message)
        : base(message)
    {
        ExitCode = exitCode;
    }

    /// <summary>One of <see cref="ExitCodes"/>.</summary>
    public int ExitCode { get; }

    /// <summary>The command line asks for something impossible.</summary>
    public static CliFailure Usage(string message) => new(ExitCodes.Usage, message);

    /// <summary>The data given cannot be used.</summary>
    public static CliFailure InputData(string message) => new(ExitCodes.Data, message);

    /// <summary>The model bundle given cannot be used.</summary>
    public static CliFailure Bundle(string message) => new(ExitCodes.Bundle, message);

    /// <summary>A file or folder cannot be read or written.</summary>
    public static CliFailure InputOutput(string message) => new(ExitCodes.InputOutput, message);
}
