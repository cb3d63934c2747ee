using MlOps.Core.Features;
using MlOps.Serving.Model;
using MlOps.Serving.Rollout;
using MlOps.Serving.Scoring;
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

    /// <summary>The label of series no model is behind (a request refused before any model scored it).</summary>
    public const string NoModel = "";

    public ServingMetrics(ServedModels models)
    {
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        // Every per-model series carries model="challenger"|"champion" (docs/rollout.md, "Metrics"); a one-model image has the challenger only.
        Predictions = factory.CreateCounter("mlops_predictions_total",
            "Rows scored by model and outcome (answering or in the background); a request refused before any model counts once with model=\"\".",
            "model", "outcome");
        foreach (var model in models.All)
            foreach (var outcome in new[] { Success, ServerError }) Predictions.WithLabels(model.Name, outcome); // export zeros from the start
        Predictions.WithLabels(NoModel, ClientError);
        Duration = factory.CreateHistogram("mlops_prediction_duration_seconds",
            "Time a model takes to score one row, answering or in the background (validation and HTTP excluded).",
            ["model"], new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.00001, 2, 18) }); // 10 µs .. ~1.3 s
        foreach (var model in models.All) Duration.WithLabels(model.Name);
        // Routes, not raw paths, so a scan of random URLs cannot grow the series without bound.
        HttpRequests = factory.CreateCounter("mlops_http_requests_total",
            "HTTP responses by endpoint (the route, or \"unmatched\") and status code.", "endpoint", "code");
        HttpDuration = factory.CreateHistogram("mlops_http_request_duration_seconds",
            "HTTP request time by endpoint (the route, or \"unmatched\"), from the request to the start of the response.",
            ["endpoint"], new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.0005, 2, 16) }); // 0.5 ms .. ~16 s
        UnknownCategories = factory.CreateCounter("mlops_unknown_category_total",
            "Values of a categorical feature the model never saw in training, scored (MLOPS_UNKNOWN_CATEGORY=score).", "feature");
        OutOfRange = factory.CreateCounter("mlops_out_of_range_total",
            "Numbers more than one training range width beyond the training minimum or maximum, scored.", "feature");
        var info = factory.CreateGauge("mlops_model_info", "The models in the image (always 1): version, model.zip SHA-256, task and trainer.",
            "model", "version", "sha256", "task", "trainer");
        foreach (var model in models.All)
            info.WithLabels(model.Name, model.Files.Version, model.Files.Sha256, model.Files.Schema.Task.ToString(), model.Files.Trainer).Set(1);
        DotNetStats.Register(Registry);
        var drift = models.Challenger.Drift;
        var psi = factory.CreateGauge("mlops_feature_drift_psi",
            $"Population stability index of the last {drift.Window} inputs each model scored, per feature, against its training distribution; " +
            $"exported once the window holds {drift.MinRows} rows.", "model", "feature");
        var rows = factory.CreateGauge("mlops_drift_window_rows",
            "Rows in each model's drift window (the drift gauges appear at MLOPS_DRIFT_MIN_ROWS).", "model");
        // PSI is computed only when scraped: the request path just writes ring-buffer slots.
        Registry.AddBeforeCollectCallback(() =>
        {
            foreach (var model in models.All)
            {
                rows.WithLabels(model.Name).Set(model.Drift.Rows);
                foreach (var (feature, value) in model.Drift.Compute()) psi.WithLabels(model.Name, feature).Set(value);
            }
        });
    }

    public CollectorRegistry Registry { get; }
    public Counter Predictions { get; }
    public Histogram Duration { get; }
    public Counter HttpRequests { get; }
    public Histogram HttpDuration { get; }
    public Counter UnknownCategories { get; }
    public Counter OutOfRange { get; }

    /// <summary>Counts a scored row's unusual values (<see cref="FeatureRow.Unusual"/>) per feature.</summary>
    public void CountUnusual(FeatureRow row, FeatureLayout layout)
    {
        if (row.Unusual is not { } unusual) return;
        foreach (var (column, state) in unusual)
            (state == FeatureValueState.OutOfRange ? OutOfRange : UnknownCategories).WithLabels(layout.Columns[column].Name).Inc();
    }
}
