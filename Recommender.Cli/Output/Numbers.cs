using System.Globalization;

namespace Recommender.Cli.Output;

/// <summary>Number formats shared by every console view, independent of the machine's culture.</summary>
internal static class Numbers
{
    public static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string F(double value, int decimals) => value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
