namespace MlOps.Core.Drift;

/// <summary>The two-sample Kolmogorov–Smirnov test for numeric columns.</summary>
public static class KolmogorovSmirnov
{
    /// <summary>D, the largest gap between the two empirical CDFs, and its asymptotic p-value.</summary>
    public static (double Statistic, double PValue) TwoSample(IReadOnlyList<double> first, IReadOnlyList<double> second)
    {
        var a = first.Where(double.IsFinite).Order().ToArray();
        var b = second.Where(double.IsFinite).Order().ToArray();
        if (a.Length == 0 || b.Length == 0) return (0, 1);
        int i = 0, j = 0;
        var d = 0.0;
        while (i < a.Length && j < b.Length)
        {
            var x = Math.Min(a[i], b[j]);
            while (i < a.Length && a[i] <= x) i++;
            while (j < b.Length && b[j] <= x) j++;
            d = Math.Max(d, Math.Abs((double)i / a.Length - (double)j / b.Length));
        }
        return (d, PValue(d, a.Length, b.Length));
    }

    /// <summary>
    /// The two-sample test of new values against a training sample known only by its 101 nearest-rank percentiles
    /// (schema.json) and its size. The percentiles pin the training CDF F at each q_p: F(q_p−) &lt; p% ≤ F(q_p). D is the
    /// largest gap to the new values' CDF G that those bounds prove (p% − G(q_p), G(q_p−) − p%): a lower bound of the
    /// D the full training sample would give (for continuous data at most one percentile step, 1%, below it). Its p-value
    /// uses the real sample sizes, so it errs large (conservative) by no more than that step allows, instead of being
    /// far too large as when the 101 percentiles stand in for the sample. Without the training size (schemas of older SDKs, 0) there
    /// is no sound p-value: null.
    /// </summary>
    public static (double Statistic, double? PValue) AgainstPercentiles(IReadOnlyList<double> trainingPercentiles, long trainingRows,
        IReadOnlyList<double> values)
    {
        var b = values.Where(double.IsFinite).Order().ToArray();
        var steps = trainingPercentiles.Count - 1;
        if (b.Length == 0 || steps < 1) return (0, trainingRows > 0 ? 1 : null);
        var d = 0.0;
        for (var p = 0; p <= steps; p++)
        {
            var q = trainingPercentiles[p];
            var share = (double)p / steps;
            double below = LowerBound(b, q), atOrBelow = UpperBound(b, q); // counts of new values < q and ≤ q
            d = Math.Max(d, Math.Max(share - atOrBelow / b.Length, below / b.Length - share));
        }
        return (d, trainingRows > 0 ? PValue(d, trainingRows, b.Length) : null);
    }

    /// <summary>The asymptotic two-sample p-value of D for samples of n and m values (Stephens' small-sample correction).</summary>
    public static double PValue(double d, long n, long m)
    {
        var effective = (double)n * m / (n + m);
        var sqrt = Math.Sqrt(effective);
        return SurvivalFunction((sqrt + 0.12 + 0.11 / sqrt) * d);
    }

    /// <summary>P(K &gt; λ) for the Kolmogorov distribution: 2 Σ (−1)^(k−1) e^(−2k²λ²).</summary>
    public static double SurvivalFunction(double lambda)
    {
        if (lambda < 1e-3) return 1;
        double sum = 0, sign = 1;
        for (var k = 1; k <= 100; k++)
        {
            var term = sign * Math.Exp(-2 * k * k * lambda * lambda);
            sum += term;
            if (Math.Abs(term) < 1e-12) break;
            sign = -sign;
        }
        return Math.Clamp(2 * sum, 0, 1);
    }

    // The first index whose value is ≥ x (the count below x), and the first whose value is > x (the count at or below).
    private static int LowerBound(double[] sorted, double x)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi) { var mid = (lo + hi) >>> 1; if (sorted[mid] < x) lo = mid + 1; else hi = mid; }
        return lo;
    }

    private static int UpperBound(double[] sorted, double x)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi) { var mid = (lo + hi) >>> 1; if (sorted[mid] <= x) lo = mid + 1; else hi = mid; }
        return lo;
    }
}
