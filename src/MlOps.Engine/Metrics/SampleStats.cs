namespace MlOps.Engine.Metrics;

/// <summary>Mean and sample standard deviation (n − 1), the spread every fold, repeat and residual summary reports.</summary>
internal static class SampleStats
{
    /// <summary>The standard deviation is 0 for fewer than two values.</summary>
    public static (double Mean, double StdDev) Of(IReadOnlyCollection<double> values)
    {
        var mean = values.Average();
        var std = values.Count > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1)) : 0;
        return (mean, std);
    }

    /// <summary>Standard error of the mean: the standard deviation over √n.</summary>
    public static double StandardError(IReadOnlyCollection<double> values) =>
        values.Count < 2 ? 0 : Of(values).StdDev / Math.Sqrt(values.Count);
}
