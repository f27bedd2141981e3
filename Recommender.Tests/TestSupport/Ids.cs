namespace Recommender.Tests.TestSupport;

/// <summary>Item id lists for request bodies, written inline.</summary>
internal static class Ids
{
    public static string[] Of(params string[] ids) => ids;
}
