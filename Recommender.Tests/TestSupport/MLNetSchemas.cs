using System.Reflection;
using Microsoft.ML;

namespace Recommender.Tests.TestSupport;

/// <summary>Schema shapes for estimator tests, made the way ML.NET's own tests make them.</summary>
internal static class MLNetSchemas
{
    private static readonly MethodInfo Create = typeof(SchemaShape).GetMethod("Create", BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic, [typeof(DataViewSchema)])
        ?? throw new InvalidOperationException("ML.NET no longer has SchemaShape.Create(DataViewSchema).");

    public static SchemaShape Shape(DataViewSchema schema) => (SchemaShape)Create.Invoke(null, [schema])!;
}
