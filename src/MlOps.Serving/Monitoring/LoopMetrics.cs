using MlOps.Serving.Rollout;
using Prometheus;

namespace MlOps.Serving.Monitoring;

/// <summary>
/// The production loop's metrics (docs/monitoring.md, "Metrics"), in the service's registry: /feedback outcomes, live
/// quality of each model over the last labeled rows it scored (computed when scraped), and data capture's rows, drops and pause. Every
/// series with a fixed label set is exported from the start, at zero, so alert rules never see it missing.
/// </summary>
public sealed class LoopMetrics
{
    public const string Joined = "joined", Unknown = "unknown", Late = "late", Invalid = "invalid";
    /// <summary>Why a row was not captured: the disk budget, the writer's queue, or a write that failed.</summary>
    public const string Full = "full", Queue = "queue", Error = "error";

    public LoopMetrics(ServingMetrics serving, ServedModels models)
    {
        var factory = Metrics.WithCustomRegistry(serving.Registry);
        Feedback = factory.CreateCounter("mlops_feedback_total", "/feedback items by outcome: joined, unknown, late, invalid.", "outcome");
        foreach (var outcome in new[] { Joined, Unknown, Late, Invalid }) Feedback.WithLabels(outcome);
        CaptureRows = factory.CreateCounter("mlops_capture_rows_total", "Predicted rows written by data capture (labeled rows not included).");
        CaptureDropped = factory.CreateCounter("mlops_capture_dropped_total",
            "Rows not captured: full (disk budget), queue (writer behind), error (the capture folder cannot be written).", "reason");
        foreach (var reason in new[] { Full, Queue, Error }) CaptureDropped.WithLabels(reason);
        CapturePaused = factory.CreateGauge("mlops_capture_paused", "1 while data capture is paused at its disk budget (MLOPS_CAPTURE_MAX_MB).");
        var rows = factory.CreateGauge("mlops_live_labeled_rows", "Labeled rows (joined /feedback) each model's live metrics cover.", "model");
        var metric = factory.CreateGauge("mlops_live_metric",
            "The task's metrics over the last labeled rows each model scored, named as in metrics.json.", "model", "metric");
        serving.Registry.AddBeforeCollectCallback(() =>
        {
            foreach (var model in models.All)
            {
                var (count, values) = model.Live.Compute();
                rows.WithLabels(model.Name).Set(count);
                foreach (var (name, value) in values) metric.WithLabels(model.Name, name).Set(value);
            }
        });
    }

    public Counter Feedback { get; }
    public Counter CaptureRows { get; }
    public Counter CaptureDropped { get; }
    public Gauge CapturePaused { get; }
}
