using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace Recommender.MLNet.PerCandidate;

/// <summary>
/// The constant key under which the saved pipeline's value mapping keeps the bundle (<see cref="EmbeddedBundle"/>): a
/// value mapping needs an input column, and a row has none that is the same on every row.
/// </summary>
[CustomMappingFactoryAttribute(ContractName)]
internal sealed class BundleKeyMapping : CustomMappingFactory<BundleKeyMapping.Nothing, BundleKeyMapping.Key>
{
    public const string ContractName = "Recommender.BundleKey";

    /// <summary>The one key of the value mapping.</summary>
    public const int Value = 1;

    /// <inheritdoc />
    public override Action<Nothing, Key> GetMapping() => Map;

    internal static void Map(Nothing input, Key output) => output.BundleKey = Value;

    /// <summary>The mapping reads no column.</summary>
    internal sealed class Nothing
    {
    }

    /// <summary>The key column.</summary>
    internal sealed class Key
    {
        [ColumnName(StageColumns.BundleKey)]
        public int BundleKey { get; set; }
    }
}
