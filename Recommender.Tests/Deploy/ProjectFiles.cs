using System.Xml.Linq;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Deploy;

/// <summary>What the repository's project files say, read as MSBuild would for the simple properties the deployment files depend on.</summary>
internal static class ProjectFiles
{
    public const string Cli = "Recommender.Cli/Recommender.Cli.csproj";

    /// <summary>A property set in a project or props file, or null when it is not set there.</summary>
    public static string? Property(string relativePath, string name) =>
        XDocument.Load(Path.Combine(Repository.Root, relativePath)).Descendants(name).Select(e => e.Value.Trim()).FirstOrDefault();

    /// <summary>The file name of the assembly a project builds: its AssemblyName, else the project's file name.</summary>
    public static string AssemblyName(string relativePath) =>
        Property(relativePath, "AssemblyName") ?? Path.GetFileNameWithoutExtension(relativePath);

    /// <summary>The project and every project it references, directly or not, as paths relative to the repository root with '/'.</summary>
    public static IReadOnlyList<string> WithReferences(string relativePath)
    {
        var found = new List<string>();
        var pending = new Stack<string>([Path.GetFullPath(Path.Combine(Repository.Root, relativePath))]);
        while (pending.TryPop(out var path))
        {
            var relative = Path.GetRelativePath(Repository.Root, path).Replace('\\', '/');
            if (found.Contains(relative))
            {
                continue;
            }

            found.Add(relative);
            var directory = Path.GetDirectoryName(path)!;
            foreach (var reference in XDocument.Load(path).Descendants("ProjectReference").Select(e => (string?)e.Attribute("Include")).OfType<string>())
            {
                pending.Push(Path.GetFullPath(Path.Combine(directory, reference.Replace('\\', Path.DirectorySeparatorChar))));
            }
        }

        return found;
    }

    /// <summary>Whether any of the projects needs a shared framework beyond the .NET runtime (ASP.NET Core's, for instance).</summary>
    public static bool AnyReferencesFramework(IEnumerable<string> relativePaths, string framework) =>
        relativePaths.Any(p => XDocument.Load(Path.Combine(Repository.Root, p)).Descendants("FrameworkReference")
            .Any(e => string.Equals((string?)e.Attribute("Include"), framework, StringComparison.Ordinal)));
}
