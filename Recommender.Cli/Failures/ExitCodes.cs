namespace Recommender.Cli.Failures;

/// <summary>
/// The process exit codes, one per class of failure, the same in every command (the README's "Bad input" section
/// lists them). Scripts can tell "fix the command line" from "fix the data" from "the disk is full" without parsing text.
/// </summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>A fault in the program itself, not in what it was given.</summary>
    public const int Internal = 1;

    /// <summary>The command line: an unknown flag, a missing value, a value out of range, an output that would overwrite an input.</summary>
    public const int Usage = 2;

    /// <summary>The input data: a malformed file, a missing input, data the command cannot use.</summary>
    public const int Data = 3;

    /// <summary>The model bundle: missing, damaged, edited, or made for other data.</summary>
    public const int Bundle = 4;

    /// <summary>Reading or writing failed: a folder that cannot be written, a full disk, a permission.</summary>
    public const int InputOutput = 5;

    /// <summary>Stopped by the user (Ctrl+C), as shells report a SIGINT.</summary>
    public const int Canceled = 130;
}
