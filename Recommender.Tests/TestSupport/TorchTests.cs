namespace Recommender.Tests.TestSupport;

/// <summary>
/// Tests that run TorchSharp share one collection that runs alone: libtorch already uses every core, and two
/// such tests at once oversubscribe the threads and run many times slower.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchTests
{
    public const string Name = "TorchSharp";
}
