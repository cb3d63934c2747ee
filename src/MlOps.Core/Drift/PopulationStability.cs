namespace MlOps.Core.Drift;

/// <summary>
/// The population stability index: Σ (actual − expected) · ln(actual / expected) over bins.
/// Rules of thumb: &lt; 0.1 stable, 0.1–0.2 moderate shift, &gt; 0.2 significant shift (MlOpsDriftThreshold's default).
/// </summary>
public static class PopulationStability
{
    /// <summary>Empty bins would make the index infinite; they count as this share instead.</summary>
    public const double EmptyBinShare = 1e-4;

    public static double Index(IReadOnlyList<double> expected, IReadOnlyList<double> actual)
    {
        if (expected.Count != actual.Count) throw new ArgumentException("Both distributions need the same bins.");
        var psi = 0.0;
        for (var i = 0; i < expected.Count; i++)
        {
            var (e, a) = (Math.Max(expected[i], EmptyBinShare), Math.Max(actual[i], EmptyBinShare));
            psi += (a - e) * Math.Log(a / e);
        }
        return psi;
    }

    /// <summary>Shares of each category (plus one bin for all unseen categories), from counts.</summary>
    public static (double[] Expected, double[] Actual) CategoryShares(
        IReadOnlyDictionary<string, int> expectedCounts, IReadOnlyDictionary<string, int> actualCounts)
    {
        var categories = expectedCounts.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();
        var unseen = actualCounts.Where(kv => !expectedCounts.ContainsKey(kv.Key)).Sum(kv => kv.Value);
        var expected = categories.Select(c => (double)expectedCounts[c]).Append(0).ToArray();
        var actual = categories.Select(c => (double)actualCounts.GetValueOrDefault(c)).Append(unseen).ToArray();
        return (Normalize(expected), Normalize(actual));
    }

    /// <summary>
    /// Shares of values in the bins the training quantiles cut (deciles by default), so each training bin
    /// holds about the same share; ties in the training data merge bins rather than leave them empty.
    /// </summary>
    public static (double[] Expected, double[] Actual) NumericShares(double[] trainingQuantiles, IReadOnlyList<double> actual, int bins = 10)
    {
        var edges = Enumerable.Range(1, bins - 1)
            .Select(i => trainingQuantiles[i * (trainingQuantiles.Length - 1) / bins])
            .Distinct().ToArray();
        var expected = Count(edges, trainingQuantiles.Skip(1)); // the percentiles sample the training distribution evenly
        var observed = Count(edges, actual.Where(double.IsFinite));
        return (Normalize(expected), Normalize(observed));
    }

    private static double[] Count(double[] edges, IEnumerable<double> values)
    {
        var counts = new double[edges.Length + 1];
        foreach (var v in values)
        {
            var bin = Array.BinarySearch(edges, v);
            // Values equal to an edge go to the bin below it; others to the first edge above them.
            counts[bin >= 0 ? bin : ~bin]++;
        }
        return counts;
    }

    private static double[] Normalize(double[] counts)
    {
        var total = counts.Sum();
        return total == 0 ? counts : counts.Select(c => c / total).ToArray();
    }
}
