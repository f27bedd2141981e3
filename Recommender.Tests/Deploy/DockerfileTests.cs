using System.Text.Json;
using System.Text.RegularExpressions;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Deploy;

/// <summary>
/// deploy/docker/Dockerfile against the projects it builds. The image itself is not built by the tests (they need no
/// container engine); these checks catch what would make that build or the image's first start fail.
/// </summary>
public sealed partial class DockerfileTests
{
    [Fact]
    public void The_Dockerfile_publishes_the_CLI_project_for_linux_x64_into_the_folder_the_image_copies()
    {
        var publish = Assert.Single(DockerfileText.Load().Instructions, i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet publish", StringComparison.Ordinal));
        var match = Publish().Match(publish.Arguments);

        Assert.True(match.Success, publish.Arguments);
        Assert.Equal(ProjectFiles.Cli, match.Groups["project"].Value);
        Assert.True(File.Exists(Path.Combine(Repository.Root, match.Groups["project"].Value)));
        Assert.Contains("--runtime linux-x64", publish.Arguments, StringComparison.Ordinal);
        Assert.Contains(DockerfileText.Load().FinalStage, i => i.Keyword == "COPY" && i.Arguments == $"--from=build {match.Groups["output"].Value} /app");
    }

    [Fact]
    public void The_runtime_image_installs_the_OpenMP_runtime_the_index_library_links()
    {
        // The build output holds the same native library the image publishes.
        var library = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libusearch_c.so");
        var needs = System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(library)).Contains("libgomp.so.1", StringComparison.Ordinal);
        var install = DockerfileText.Load().FinalStage.Where(i => i.Keyword == "RUN").Select(i => i.Arguments);

        Assert.True(needs, "libusearch_c.so no longer names libgomp.so.1; drop the install if nothing else needs it.");
        Assert.Contains(install, run => run.Contains("apt-get install", StringComparison.Ordinal) && run.Contains("libgomp1", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_project_the_CLI_references_is_copied_before_the_restore()
    {
        var instructions = DockerfileText.Load().Instructions;
        var restore = instructions.ToList().FindIndex(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet restore", StringComparison.Ordinal));
        var copied = instructions.Take(restore).Where(i => i.Keyword == "COPY").SelectMany(i => i.Arguments.Split(' ')[..^1]).ToList();

        Assert.True(restore > 0);
        Assert.All(ProjectFiles.WithReferences(ProjectFiles.Cli), project => Assert.Contains(project, copied));
        Assert.All(copied, path => Assert.True(File.Exists(Path.Combine(Repository.Root, path)) || Directory.Exists(Path.Combine(Repository.Root, path)), $"{path} does not exist"));
        Assert.Contains("build/", copied);
        Assert.Contains("Directory.Packages.props", copied);
    }

    [Fact]
    public void The_entrypoint_runs_the_assembly_the_CLI_project_builds()
    {
        var entrypoint = Assert.Single(DockerfileText.Load().FinalStage, i => i.Keyword == "ENTRYPOINT");

        var command = JsonSerializer.Deserialize<string[]>(entrypoint.Arguments) ?? [];

        Assert.Equal(["dotnet", $"/app/{ProjectFiles.AssemblyName(ProjectFiles.Cli)}.dll"], command);
    }

    [Fact]
    public void The_base_images_are_of_the_dotnet_version_the_projects_target()
    {
        var framework = ProjectFiles.Property("Directory.Build.props", "TargetFramework")!;
        var version = TargetVersion().Match(framework);
        var images = DockerfileText.Load().BaseImages;

        Assert.True(version.Success, framework);
        Assert.Equal(2, images.Count);
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:", images[0], StringComparison.Ordinal);
        Assert.All(images, image => Assert.Matches($@"^mcr\.microsoft\.com/dotnet/[a-z-]+:{Regex.Escape(version.Groups["version"].Value)}(-[a-z0-9.-]+)?$", image));
    }

    [Fact]
    public void The_runtime_image_has_the_ASP_NET_Core_framework_because_the_CLI_references_the_server()
    {
        var needsAspNetCore = ProjectFiles.AnyReferencesFramework(ProjectFiles.WithReferences(ProjectFiles.Cli), "Microsoft.AspNetCore.App");
        var runtimeImage = DockerfileText.Load().BaseImages[^1];

        // Without it the host refuses to start any command, not only `serve`.
        Assert.True(needsAspNetCore);
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:", runtimeImage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_image_runs_as_a_non_root_user_from_the_data_folder()
    {
        var final = DockerfileText.Load().FinalStage;

        var user = Assert.Single(final, i => i.Keyword == "USER").Arguments;
        Assert.NotEqual("root", user.Split(':')[0]);
        Assert.NotEqual("0", user.Split(':')[0]);
        Assert.Equal("/data", Assert.Single(final, i => i.Keyword == "WORKDIR").Arguments);
    }

    [Fact]
    public void The_build_context_leaves_out_build_output_but_nothing_the_build_copies()
    {
        var patterns = File.ReadAllLines(Path.Combine(Repository.Root, ".dockerignore"))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var needed = ProjectFiles.WithReferences(ProjectFiles.Cli).Select(p => p[..(p.IndexOf('/', StringComparison.Ordinal) + 1)])
            .Concat(["build/", "global.json", "Directory.Build.props", "Directory.Packages.props", ".editorconfig"]);

        Assert.Contains("**/bin/", patterns);
        Assert.Contains("**/obj/", patterns);
        Assert.All(needed, path => Assert.DoesNotContain(patterns, p => !p.Contains('*', StringComparison.Ordinal) && path.StartsWith(p, StringComparison.Ordinal)));
    }

    [GeneratedRegex(@"dotnet publish (?<project>\S+\.csproj) .*--output (?<output>\S+)")]
    private static partial Regex Publish();

    [GeneratedRegex(@"^net(?<version>[0-9]+\.[0-9]+)$")]
    private static partial Regex TargetVersion();
}
