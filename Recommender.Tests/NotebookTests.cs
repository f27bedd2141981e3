using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests;

/// <summary>
/// The notebook as committed: scripts/run-notebook.sh executes it in CI; these checks catch what would only fail
/// there, or not at all: package versions drifting from the solution's, and executed output committed.
/// </summary>
public sealed partial class NotebookTests
{
    private static readonly string Notebook = Path.Combine(Repository.Root, "notebooks", "offline-evaluation.ipynb");

    [Fact]
    public void The_notebook_references_the_packages_at_the_versions_the_solution_builds_with()
    {
        var central = XDocument.Load(Path.Combine(Repository.Root, "Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!, StringComparer.OrdinalIgnoreCase);

        var references = NuGetReference().Matches(Source()).Select(m => (Package: m.Groups[1].Value, Version: m.Groups[2].Value)).ToList();

        Assert.NotEmpty(references);
        Assert.All(references, r => Assert.Equal(central[r.Package], r.Version));
        Assert.Contains(references, r => r.Package == "Microsoft.ML.OnnxRuntime");
    }

    [Fact]
    public void The_notebook_is_committed_without_executed_output()
    {
        using var notebook = JsonDocument.Parse(File.ReadAllText(Notebook));

        var code = notebook.RootElement.GetProperty("cells").EnumerateArray().Where(c => c.GetProperty("cell_type").GetString() == "code").ToList();

        Assert.NotEmpty(code);
        Assert.All(code, c => Assert.Equal(0, c.GetProperty("outputs").GetArrayLength()));
        Assert.Equal(".net-csharp", notebook.RootElement.GetProperty("metadata").GetProperty("kernelspec").GetProperty("name").GetString());
    }

    private static string Source()
    {
        using var notebook = JsonDocument.Parse(File.ReadAllText(Notebook));
        return string.Concat(notebook.RootElement.GetProperty("cells").EnumerateArray().SelectMany(c => c.GetProperty("source").EnumerateArray()).Select(l => l.GetString()));
    }

    [GeneratedRegex("#r \"nuget: ([^,\"]+), ([^\"]+)\"")]
    private static partial Regex NuGetReference();
}
