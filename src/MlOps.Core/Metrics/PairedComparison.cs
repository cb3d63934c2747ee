using MlOps.Core.Schema;

namespace MlOps.Core.Metrics;

/// <summary>One labeled row both models scored: the true label and each model's answer as capture keeps it
/// (the predicted class, null for regression; mlops_score: binary the probability, regression the value).</summary>
public readonly record struct PairedRow(string Actual, string? ChampionPredicted, double ChampionScore, string? ChallengerPredicted, double ChallengerScore);

/// <summary>
/// The live comparison of champion and challenger on the same labeled rows (docs/rollout.md, "The evidence").
/// <paramref name="WorseBy"/> is how much worse the challenger is on <paramref name="Metric"/> (negative: better), with
/// a one-sided bootstrap bound at <paramref name="Confidence"/> on each side: the challenger is worse by at most
/// <paramref name="Upper"/>, and by at least <paramref name="Lower"/>, each at that confidence.
/// </summary>
public sealed record PairedResult(string Metric, int Rows, double Champion, double Challenger, double WorseBy, double Lower, double Upper,
    double Confidence, int Resamples);

/// <summary>
/// A paired bootstrap of the live metric: resample the labeled rows both models scored (the same rows for both, which
/// is what makes it paired), compute the metric of each model on each resample with <see cref="LabeledMetrics"/>, and
/// read the bounds off the distribution of the difference. Any metric LabeledMetrics computes works, AUC included
/// (no per-row decomposition needed). Deterministic: a fixed seed. One implementation for the service's GET /rollout
/// and its gauges, and for the rollout decision on capture files, so the three evidence sources agree.
/// </summary>
public static class PairedComparison
{
    public const int DefaultResamples = 1000;
    public const double DefaultConfidence = 0.95;

    /// <summary>The metric the live comparison uses: the model's optimizing metric when labeled outcomes can give it
    /// (multiclass LogLoss cannot: capture keeps the predicted class only), else the task's headline live metric.</summary>
    public static string MetricFor(DataSchema schema, string optimizingMetric)
    {
        var available = LabeledMetrics.For(schema, []).Keys;
        var match = available.FirstOrDefault(m => string.Equals(m, optimizingMetric, StringComparison.OrdinalIgnoreCase));
        return match ?? schema.Task switch
        {
            MlTask.BinaryClassification => "AreaUnderRocCurve",
            MlTask.MulticlassClassification => "MicroAccuracy",
            _ => "RSquared",
        };
    }

    /// <returns>Null when no row gives the metric a value (no rows, or e.g. AUC over rows of one class).</returns>
    public static PairedResult? Compare(DataSchema schema, string metric, IReadOnlyList<PairedRow> rows,
        double confidence = DefaultConfidence, int resamples = DefaultResamples, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(confidence, 0.5);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(confidence, 1);
        if (rows.Count == 0) return null;
        var (champion, challenger) = Both(schema, metric, rows);
        if (!double.IsFinite(champion) || !double.IsFinite(challenger)) return null;

        var random = new Random(seed);
        var sample = new PairedRow[rows.Count];
        var differences = new List<double>(resamples);
        for (var b = 0; b < resamples; b++)
        {
            for (var i = 0; i < sample.Length; i++) sample[i] = rows[random.Next(rows.Count)];
            var (c, n) = Both(schema, metric, sample);
            if (double.IsFinite(c) && double.IsFinite(n)) differences.Add(MetricDirection.WorseBy(metric, c, n));
        }
        differences.Sort();
        var worseBy = MetricDirection.WorseBy(metric, champion, challenger);
        // A resample that left the metric undefined (AUC over one class) is skipped; with none left the bounds are the estimate.
        var lower = differences.Count > 0 ? Quantile(differences, 1 - confidence) : worseBy;
        var upper = differences.Count > 0 ? Quantile(differences, confidence) : worseBy;
        return new PairedResult(metric, rows.Count, champion, challenger, worseBy, lower, upper, confidence, differences.Count);
    }

    private static (double Champion, double Challenger) Both(DataSchema schema, string metric, IReadOnlyList<PairedRow> rows) =>
        (Value(LabeledMetrics.For(schema, rows.Select(r => (r.Actual, r.ChampionPredicted, r.ChampionScore))), metric),
         Value(LabeledMetrics.For(schema, rows.Select(r => (r.Actual, r.ChallengerPredicted, r.ChallengerScore))), metric));

    private static double Value(Dictionary<string, double> metrics, string metric) =>
        metrics.TryGetValue(metric, out var value) ? value : double.NaN;

    /// <summary>Linear interpolation between order statistics (type 7, as R and NumPy default).</summary>
    private static double Quantile(List<double> sorted, double q)
    {
        var position = q * (sorted.Count - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
