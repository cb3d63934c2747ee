using MlOps.Serving.Model;
using Prometheus;

namespace MlOps.Serving.Monitoring;

/// <summary>
/// The service's Prometheus metrics, in a registry of its own (not prometheus-net's static default), so several
/// hosts in one process, as in tests, never share counters.
/// </summary>
public sealed class ServingMetrics
{
    public const string Success = "success", ClientError = "client_error", ServerError = "server_error";

    public ServingMetrics(ModelFiles model, DriftMonitor drift)
    {
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        Predictions = factory.CreateCounter("mlops_predictions_total",
            "Predictions served (one per row) by outcome; rejected or failed requests count once.", "outcome");
        foreach (var outcome in new[] { Success, ClientError, ServerError }) Predictions.WithLabels(outcome); // export zeros from the start
        Duration = factory.CreateHistogram("mlops_prediction_duration_seconds",
            "Time the model takes to score one row (validation and HTTP excluded).",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.00001, 2, 18) }); // 10 µs .. ~1.3 s
        HttpErrors = factory.CreateCounter("mlops_http_request_errors_total", "HTTP responses with a 4xx or 5xx status.", "status");
        factory.CreateGauge("mlops_model_info", "The model being served (always 1).", "version", "trainer", "task")
            .WithLabels(model.Version, model.Trainer, model.Schema.Task.ToString()).Set(1);
        var psi = factory.CreateGauge("mlops_feature_drift_psi",
            $"Population stability index of the last {drift.Window} inputs of each feature against its training distribution.", "feature");
        // PSI is computed only when scraped: the request path just writes ring-buffer slots.
        Registry.AddBeforeCollectCallback(() =>
        {
            foreach (var (feature, value) in drift.Compute()) psi.WithLabels(feature).Set(value);
        });
    }

    public CollectorRegistry Registry { get; }
    public Counter Predictions { get; }
    public Histogram Duration { get; }
    public Counter HttpErrors { get; }
}
