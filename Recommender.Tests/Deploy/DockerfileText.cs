using System.Text.RegularExpressions;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Deploy;

/// <summary>
/// A Dockerfile read into its instructions: continuation lines joined, comment lines kept apart (they document the
/// build command). Enough of the format for the checks on deploy/docker/Dockerfile, not a general parser.
/// </summary>
internal sealed partial class DockerfileText
{
    public const string RelativePath = "deploy/docker/Dockerfile";

    private DockerfileText(IReadOnlyList<(string Keyword, string Arguments)> instructions, IReadOnlyList<string> comments)
    {
        Instructions = instructions;
        Comments = comments;
    }

    /// <summary>The instructions in order: the keyword in upper case, and its arguments on one line.</summary>
    public IReadOnlyList<(string Keyword, string Arguments)> Instructions { get; }

    /// <summary>The text of every comment line, without the leading '#'.</summary>
    public IReadOnlyList<string> Comments { get; }

    /// <summary>The base image of every stage, in order.</summary>
    public IReadOnlyList<string> BaseImages =>
        [.. Instructions.Where(i => i.Keyword == "FROM").Select(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0])];

    /// <summary>The instructions of the last stage, the one the image is made of.</summary>
    public IReadOnlyList<(string Keyword, string Arguments)> FinalStage =>
        [.. Instructions.Skip(Instructions.ToList().FindLastIndex(i => i.Keyword == "FROM"))];

    public static DockerfileText Load() => Parse(File.ReadAllText(Path.Combine(Repository.Root, RelativePath)));

    public static DockerfileText Parse(string text)
    {
        var instructions = new List<(string, string)>();
        var comments = new List<string>();
        var pending = "";
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r').Trim();
            if (line.StartsWith('#'))
            {
                comments.Add(line[1..].Trim());
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            var whole = (pending + line).Trim();
            pending = "";
            if (whole.Length == 0)
            {
                continue;
            }

            var space = whole.IndexOf(' ', StringComparison.Ordinal);
            instructions.Add(space < 0
                ? (whole.ToUpperInvariant(), "")
                : (whole[..space].ToUpperInvariant(), Spaces().Replace(whole[(space + 1)..], " ").Trim()));
        }

        return new DockerfileText(instructions, comments);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
