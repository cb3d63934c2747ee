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
    /// <summary>Classification: actual × predicted counts on the test rows (absent in files of older SDKs).</summary>
    public ConfusionMatrixRecord? ConfusionMatrix { get; init; }
    /// <summary>Binary: the ROC curve on the test rows, from (0,0) to (1,1), at most a hundred and one points.</summary>
    public IReadOnlyList<RocPointRecord>? RocCurve { get; init; }
    /// <summary>Regression: residuals (actual − predicted) on the test rows.</summary>
    public ResidualsRecord? Residuals { get; init; }
}

/// <summary>Importance: how much the optimizing metric worsens when the column's values are shuffled (mean over repeats).</summary>
public sealed record FeatureImportanceRecord(string Column, double Importance, double StdDev);

public sealed record TrialRecord(
    int Number, string Trainer, IReadOnlyDictionary<string, string> Hyperparameters,
    double Metric, double MetricStdDev, double Seconds, string? Error);

/// <summary>Counts[actual][predicted], in the order of Classes (the schema's label classes).</summary>
public sealed record ConfusionMatrixRecord(IReadOnlyList<string> Classes, IReadOnlyList<IReadOnlyList<int>> Counts);

/// <summary>One point of a ROC curve: the rates when rows scoring at least Threshold are called positive (none at (0,0)).</summary>
public sealed record RocPointRecord(double FalsePositiveRate, double TruePositiveRate, double? Threshold);

/// <summary>
/// A histogram of actual − predicted over equal-width bins (BinEdges has one more entry than Counts), their mean and
/// standard deviation, and an evenly spaced sample of the rows for a predicted-vs-actual plot.
/// </summary>
public sealed record ResidualsRecord(IReadOnlyList<double> BinEdges, IReadOnlyList<int> Counts, double Mean, double StdDev,
    IReadOnlyList<ActualPredictedRecord> Sample);

public sealed record ActualPredictedRecord(double Actual, double Predicted);
