namespace MlOps.Core.Metrics;

/// <summary>
/// Which way a metric improves, by its metrics.json name. In Core because the search (Engine), the offline
/// champion/challenger check, the live rollout evidence (service) and the rollout decision (tool) all compare
/// two values of one metric and must agree on what "worse" means.
/// </summary>
public static class MetricDirection
{
    private static readonly HashSet<string> LowerIsBetter = new(StringComparer.OrdinalIgnoreCase)
    {
        "LogLoss", "Entropy", "MeanAbsoluteError", "MeanSquaredError", "RootMeanSquaredError", "LossFunction",
    };

    public static bool IsHigherBetter(string metric) => !LowerIsBetter.Contains(metric);

    /// <summary>How much worse <paramref name="challenger"/> is than <paramref name="champion"/> (negative: better).</summary>
    public static double WorseBy(string metric, double champion, double challenger) =>
        IsHigherBetter(metric) ? champion - challenger : challenger - champion;
}
