namespace MlOps.Core.Artifacts;

/// <summary>metrics.json: validation and test metrics, and every trial of the search.</summary>
public sealed record MetricsReport
{
    public required string OptimizingMetric { get; init; }
    public required string ValidationMethod { get; init; }
    public required IReadOnlyDictionary<string, double> Validation { get; init; }
    public required string TestSource { get; init; }
    public required IReadOnlyDictionary<string, double> Test { get; init; }
    public required IReadOnlyList<TrialRecord> Trials { get; init; }
}

public sealed record TrialRecord(
    int Number, string Trainer, IReadOnlyDictionary<string, string> Hyperparameters,
    double Metric, double MetricStdDev, double Seconds, string? Error);
