namespace Recommender.Tests.TestSupport;

/// <summary>The repository the tests were built from, for tests about its own files.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Recommender.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Recommender.sln above {AppContext.BaseDirectory}.");
    }
}
