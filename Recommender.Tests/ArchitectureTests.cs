using System.Xml.Linq;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests;

public sealed class ArchitectureTests
{
    [Theory]
    [InlineData("Recommender.Core")]
    [InlineData("Recommender.MLNet")]
    [InlineData("Recommender.Tests.ScoringOnly")]
    public void Scoring_projects_do_not_depend_on_training_code_even_transitively(string project)
    {
        var (projects, packages) = Dependencies(Path.Combine(Repository.Root, project, project + ".csproj"));

        Assert.DoesNotContain("Recommender.Training", projects);
        Assert.DoesNotContain(packages, p => p.StartsWith("TorchSharp", StringComparison.OrdinalIgnoreCase) || p.StartsWith("libtorch", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Server_does_not_depend_on_training_code_or_TorchSharp_even_transitively()
    {
        var (projects, packages) = Dependencies(Path.Combine(Repository.Root, "Recommender.Server", "Recommender.Server.csproj"));

        Assert.Equal(["Recommender.Core", "Recommender.Server"], projects.Order());
        Assert.DoesNotContain(packages, p => p.StartsWith("TorchSharp", StringComparison.OrdinalIgnoreCase) || p.StartsWith("libtorch", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Training_does_depend_on_TorchSharp_so_the_check_above_can_fail()
    {
        var (_, packages) = Dependencies(Path.Combine(Repository.Root, "Recommender.Training", "Recommender.Training.csproj"));

        Assert.Contains("TorchSharp", packages);
    }

    private static (HashSet<string> Projects, HashSet<string> Packages) Dependencies(string csproj)
    {
        var projects = new HashSet<string>(StringComparer.Ordinal);
        var packages = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Stack<string>([Path.GetFullPath(csproj)]);
        while (pending.TryPop(out var path))
        {
            if (!projects.Add(Path.GetFileNameWithoutExtension(path)))
            {
                continue;
            }

            var directory = Path.GetDirectoryName(path)!;
            foreach (var file in new[] { path }.Concat(Imports(path)))
            {
                var document = XDocument.Load(file);
                foreach (var include in document.Descendants("PackageReference").Select(e => (string?)e.Attribute("Include")).OfType<string>())
                {
                    packages.Add(include);
                }

                foreach (var reference in document.Descendants("ProjectReference").Select(e => (string?)e.Attribute("Include")).OfType<string>())
                {
                    pending.Push(Path.GetFullPath(Path.Combine(directory, reference.Replace('\\', Path.DirectorySeparatorChar))));
                }
            }
        }

        return (projects, packages);
    }

    private static IEnumerable<string> Imports(string csproj) =>
        XDocument.Load(csproj).Descendants("Import").Select(e => (string?)e.Attribute("Project")).OfType<string>()
            .Select(p => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(csproj)!, p.Replace('\\', Path.DirectorySeparatorChar))));
}
