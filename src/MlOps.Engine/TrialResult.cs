namespace MlOps.Engine;

/// <summary>One finished (or failed) trial of the search.</summary>
public sealed record TrialResult
{
    public required int Number { get; init; }
    public required string Trainer { get; init; }
    /// <summary>Trainer and featurization hyperparameters, as invariant-culture strings.</summary>
    public required IReadOnlyDictionary<string, string> Hyperparameters { get; init; }
    /// <summary>Validation value of the optimizing metric (mean over folds when cross-validating).</summary>
    public double Metric { get; init; }
    public double MetricStdDev { get; init; }
    public double Seconds { get; init; }
    /// <summary>Set when the trial failed; such a trial never wins.</summary>
    public string? Error { get; init; }
    /// <summary>
    /// Racing stopped the trial after its first fold, clearly worse than the best so far there: Metric and
    /// Metrics are that fold's only, and such a trial never wins.
    /// </summary>
    public bool Pruned { get; init; }
    /// <summary>All validation metrics of the trial (means over folds), under ML.NET's names; null when it failed.</summary>
    public IReadOnlyDictionary<string, double>? Metrics { get; init; }
}
