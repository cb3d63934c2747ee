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
    /// <summary>Permutation importance of each raw feature column, most important first (empty when skipped).</summary>
    public IReadOnlyList<FeatureImportanceRecord> FeatureImportance { get; init; } = [];
    /// <summary>How the importance was measured (rows, repeats, metric), or why it was skipped.</summary>
    public string? FeatureImportanceMethod { get; init; }
}

/// <summary>Importance: how much the optimizing metric worsens when the column's values are shuffled (mean over repeats).</summary>
public sealed record FeatureImportanceRecord(string Column, double Importance, double StdDev);

public sealed record TrialRecord(
    int Number, string Trainer, IReadOnlyDictionary<string, string> Hyperparameters,
    double Metric, double MetricStdDev, double Seconds, string? Error);
