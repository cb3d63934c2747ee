namespace MlOps.Tool.Rollout;

/// <summary>The thresholds the decision applies (docs/rollout.md, "The decision"), from the project's MlOps properties.</summary>
public sealed record RolloutLimits(double MaxRegression, int MinLabeledRows, double MaxErrorRate, double MaxLatencySeconds);
