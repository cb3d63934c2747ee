using System.Globalization;

namespace MlOps.Testing;

/// <summary>How test messages print numbers: invariant, up to four decimals.</summary>
internal static class Numbers
{
    public static string F(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
