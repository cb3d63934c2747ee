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
        var n = (double)a.Length * b.Length / (a.Length + b.Length);
        var sqrt = Math.Sqrt(n);
        return (d, SurvivalFunction((sqrt + 0.12 + 0.11 / sqrt) * d));
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
}
