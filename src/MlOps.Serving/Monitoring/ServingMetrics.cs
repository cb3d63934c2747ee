using MlOps.Serving.Model;
using Prometheus;

namespace MlOps.Serving.Monitoring;

/// <summary>
/// The service's Prometheus metrics, in a registry of its own (not prometheus-net's static default), so several
/// hosts in one process, as in tests, never share counters. A custom registry starts empty, so the standard process
/// and .NET runtime collectors (process_*, dotnet_*) are registered here explicitly.
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
        // Routes, not raw paths, so a scan of random URLs cannot grow the series without bound.
        HttpRequests = factory.CreateCounter("mlops_http_requests_total",
            "HTTP responses by endpoint (the route, or \"unmatched\") and status code.", "endpoint", "code");
        factory.CreateGauge("mlops_model_info", "The model being served (always 1): its version, model.zip SHA-256, task and trainer.",
                "version", "sha256", "task", "trainer")
            .WithLabels(model.Version, model.Sha256, model.Schema.Task.ToString(), model.Trainer).Set(1);
        DotNetStats.Register(Registry);
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
    public Counter HttpRequests { get; }
}
