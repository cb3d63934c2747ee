using MlOps.Core.Metrics;

namespace MlOps.Tool.Rollout;

/// <summary>
/// What the rollout decision reads, whatever the source (the service's GET /rollout, Prometheus, capture files): the
/// paired comparison of the live metric (null until both models scored labeled rows and the metric is defined), the
/// number of paired rows, and the challenger's server-error rate and p99 latency in seconds (null when the source has
/// none: capture files, or no traffic in the window).
/// </summary>
public sealed record RolloutEvidence(string Source, int PairedRows, PairedResult? Paired, double? ErrorRate, double? P99Seconds);
