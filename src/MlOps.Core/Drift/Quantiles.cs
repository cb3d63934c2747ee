namespace MlOps.Core.Drift;

/// <summary>
/// Percentile summaries of numeric columns. schema.json keeps 101 of them (0%, 1%, …, 100%) per numeric
/// column: enough to bin for PSI and to bound the training CDF in a KS test (with schema.json's row count), at a fixed size.
/// </summary>
public static class Quantiles
{
    public const int Points = 101;

    /// <summary>The values at 0%, 1%, …, 100% (nearest rank) of a multiset given as value → count.</summary>
    public static double[] FromCounts(IEnumerable<KeyValuePair<double, int>> counts)
    {
        var sorted = counts.Where(kv => kv.Value > 0).OrderBy(kv => kv.Key).ToArray();
        if (sorted.Length == 0) return [];
        long total = sorted.Sum(kv => (long)kv.Value);
        var result = new double[Points];
        var index = 0;
        long seen = sorted[0].Value;
        for (var p = 0; p < Points; p++)
        {
            // Nearest rank: the smallest value with at least p% of the rows at or below it.
            var rank = Math.Max(1, (long)Math.Ceiling(p / 100.0 * total));
            while (seen < rank) seen += sorted[++index].Value;
            result[p] = sorted[index].Key;
        }
        return result;
    }

    public static double[] FromValues(IEnumerable<double> values) =>
        FromCounts(values.Where(double.IsFinite).GroupBy(v => v).Select(g => new KeyValuePair<double, int>(g.Key, g.Count())));
}
