namespace Recommender.Tests.TestSupport;

/// <summary>Server tests share the bundles trained once; they run one class at a time, each with its own Kestrel on 127.0.0.1.</summary>
[CollectionDefinition(Name)]
public sealed class ServerTests : ICollectionFixture<ServerBundles>
{
    public const string Name = "Server";
}
