using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using Recommender.Cli;
using Recommender.Cli.Failures;
using Recommender.Tests.TestSupport;
using Spectre.Console;

namespace Recommender.Tests.Deploy;

/// <summary>
/// deploy/kubernetes/score-job.yaml is checked here rather than on a cluster: read strictly with the Kubernetes object
/// model, then against the CLI it runs, the Dockerfile's image and the volume claim it mounts.
/// </summary>
public sealed partial class KubernetesJobManifestTests
{
    [Fact]
    public void Every_manifest_reads_strictly_as_Kubernetes_objects()
    {
        var files = KubernetesManifests.Files;

        Assert.Contains($"{KubernetesManifests.Folder}/score-job.yaml", files);
        foreach (var file in files)
        {
            var objects = KubernetesManifests.Load(file);
            Assert.NotEmpty(objects);
            Assert.All(objects, o => Assert.IsAssignableFrom<IKubernetesObject>(o));
        }
    }

    [Fact]
    public void A_misspelt_field_fails_the_strict_reading_so_the_check_above_can_fail()
    {
        var yaml = File.ReadAllText(Path.Combine(Repository.Root, KubernetesManifests.Folder, "score-job.yaml"));
        var misspelt = yaml.Replace("  backoffLimitPerIndex:", "  backoffLimitPerIndx:", StringComparison.Ordinal);
        Assert.NotEqual(yaml, misspelt);

        Assert.ThrowsAny<Exception>(() => KubernetesManifests.Parse(misspelt));
        Assert.Null(Assert.IsType<V1Job>(KubernetesYaml.LoadAllFromString(misspelt, typeMap: null, strict: false).Single()).Spec.BackoffLimitPerIndex);
    }

    [Fact]
    public void The_job_is_an_indexed_job_with_one_index_per_shard()
    {
        var job = KubernetesManifests.ScoreJob;
        var shards = ShardCount(ScoreContainer(job).Args);

        Assert.Equal("batch/v1", job.ApiVersion);
        Assert.Equal("Job", job.Kind);
        Assert.Equal("Indexed", job.Spec.CompletionMode);
        Assert.Equal(shards, job.Spec.Completions);
        Assert.InRange(job.Spec.Parallelism ?? 1, 1, shards);
        Assert.NotNull(job.Spec.TtlSecondsAfterFinished);
    }

    [Fact]
    public void Failed_pods_are_retried_per_index_except_for_failures_a_retry_cannot_fix()
    {
        var job = KubernetesManifests.ScoreJob;
        var container = ScoreContainer(job);

        Assert.Equal("Never", job.Spec.Template.Spec.RestartPolicy);
        Assert.InRange(job.Spec.BackoffLimitPerIndex ?? 0, 1, 10);
        Assert.InRange(job.Spec.MaxFailedIndexes ?? -1, 0, job.Spec.Completions!.Value - 1);

        // Bad command line, data or bundle fail the same way every time; an internal error or a read or write that
        // failed may not, so those keep their retries.
        var failIndex = Assert.Single(job.Spec.PodFailurePolicy.Rules, r => r.Action == "FailIndex");
        Assert.Equal(container.Name, failIndex.OnExitCodes.ContainerName);
        Assert.Equal("In", failIndex.OnExitCodes.OperatorProperty);
        Assert.Equal([ExitCodes.Usage, ExitCodes.Data, ExitCodes.Bundle], failIndex.OnExitCodes.Values.Order());
    }

    [Fact]
    public void The_container_runs_the_score_command_with_flags_the_CLI_accepts()
    {
        var args = ScoreContainer(KubernetesManifests.ScoreJob).Args;
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) });

        var parse = CliApp.Build(console).Parse([.. args]);

        Assert.Empty(parse.Errors);
        Assert.Equal("score", parse.CommandResult.Command.Name);
        Assert.Contains("--quiet", args);
    }

    [Fact]
    public void Every_path_the_command_reads_or_writes_is_on_a_mounted_volume_and_only_the_output_is_writable()
    {
        var job = KubernetesManifests.ScoreJob;
        var pod = job.Spec.Template.Spec;
        var container = ScoreContainer(job);
        var volumes = pod.Volumes.Select(v => v.Name).ToHashSet(StringComparer.Ordinal);

        Assert.All(container.VolumeMounts, m => Assert.Contains(m.Name, volumes));
        Assert.True(MountOf(container, FlagValue(container.Args, "--model")).ReadOnlyProperty);
        Assert.True(MountOf(container, FlagValue(container.Args, "--input")).ReadOnlyProperty);
        Assert.NotEqual(true, MountOf(container, FlagValue(container.Args, "--output")).ReadOnlyProperty);
        Assert.Equal(KubernetesManifests.DataClaim.Metadata.Name, pod.Volumes.Single(v => v.PersistentVolumeClaim is not null).PersistentVolumeClaim.ClaimName);
    }

    [Fact]
    public void The_data_claim_can_be_written_by_pods_on_several_nodes_and_the_data_pod_mounts_it_as_the_job_user()
    {
        var claim = KubernetesManifests.DataClaim;
        var job = KubernetesManifests.ScoreJob.Spec.Template.Spec;
        var dataPod = KubernetesManifests.DataPod.Spec;

        Assert.Contains("ReadWriteMany", claim.Spec.AccessModes);
        Assert.Equal(claim.Metadata.Name, dataPod.Volumes.Single().PersistentVolumeClaim.ClaimName);
        Assert.Equal(job.SecurityContext.RunAsUser, dataPod.SecurityContext.RunAsUser);
        Assert.True(job.SecurityContext.RunAsNonRoot);
    }

    [Fact]
    public void The_container_asks_for_cpu_and_memory_and_is_limited_to_what_it_asks()
    {
        var resources = ScoreContainer(KubernetesManifests.ScoreJob).Resources;

        foreach (var name in new[] { "cpu", "memory" })
        {
            Assert.True(resources.Requests.ContainsKey(name), $"no {name} request");
            Assert.True(resources.Limits.ContainsKey(name), $"no {name} limit");
            Assert.Equal(resources.Requests[name].ToDecimal(), resources.Limits[name].ToDecimal());
        }

        Assert.True(resources.Requests["cpu"].ToDecimal() >= 1);
        Assert.True(resources.Requests["memory"].ToDecimal() >= 1L << 30);
    }

    [Fact]
    public void The_job_runs_the_image_the_Dockerfile_builds_tagged_with_the_product_version()
    {
        var version = ProjectFiles.Property("Directory.Build.props", "Version");
        var buildCommand = Assert.Single(DockerfileText.Load().Comments, c => c.StartsWith("docker build", StringComparison.Ordinal));
        var tag = BuildTag().Match(buildCommand);
        var image = ScoreContainer(KubernetesManifests.ScoreJob).Image;

        Assert.True(tag.Success, buildCommand);
        Assert.Equal($"recommender:{version}", tag.Groups["tag"].Value);
        Assert.Equal(tag.Groups["tag"].Value, image[(image.LastIndexOf('/') + 1)..]);
        Assert.Contains(buildCommand, File.ReadAllText(Path.Combine(Repository.Root, "README.md")), StringComparison.Ordinal);
    }

    private static V1Container ScoreContainer(V1Job job) => Assert.Single(job.Spec.Template.Spec.Containers);

    private static int ShardCount(IList<string> args)
    {
        var shard = ShardFromEnvironment().Match(FlagValue(args, "--shard"));
        Assert.True(shard.Success, "--shard must take the index from the environment: env/N");
        return int.Parse(shard.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string FlagValue(IList<string> args, string flag)
    {
        var at = args.IndexOf(flag);
        Assert.True(at >= 0 && at + 1 < args.Count, $"{flag} and its value are missing");
        return args[at + 1];
    }

    /// <summary>The mount a path resolves through: the deepest mount path that contains it.</summary>
    private static V1VolumeMount MountOf(V1Container container, string path)
    {
        var mount = container.VolumeMounts
            .Where(m => path == m.MountPath || path.StartsWith(m.MountPath.TrimEnd('/') + "/", StringComparison.Ordinal))
            .MaxBy(m => m.MountPath.Length);
        Assert.True(mount is not null, $"{path} is on no mounted volume");
        return mount;
    }

    [GeneratedRegex(@"^env/(?<n>[1-9][0-9]*)$")]
    private static partial Regex ShardFromEnvironment();

    [GeneratedRegex(@"-t (?<tag>\S+) \.$")]
    private static partial Regex BuildTag();
}
