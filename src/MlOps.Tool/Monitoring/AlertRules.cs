using MlOps.Engine.Metrics;

namespace MlOps.Tool.Monitoring;

/// <summary>
/// The model's alerts: drift, each quality gate on the live metrics, errors, latency, unknown categories, capture
/// paused. Every expression is scoped to the model's job; every alert carries severity and model labels and a summary
/// and description that name what broke (the feature or metric) and where to look.
/// </summary>
public static class AlertRules
{
    public const string Drift = "MlOpsFeatureDrift";
    public const string Errors = "MlOpsHighErrorRate";
    public const string Latency = "MlOpsHighLatency";
    public const string UnknownCategories = "MlOpsUnknownCategories";
    public const string CapturePaused = "MlOpsCapturePaused";

    /// <summary>The alert of one quality gate, e.g. MlOpsLiveAreaUnderRocCurve.</summary>
    public static string Gate(string metric) => "MlOpsLive" + metric;

    public static RuleGroup Build(MonitoringSettings s)
    {
        var sel = s.Selector;
        var w = MonitoringSettings.RateWindow;
        var n = MonitoringSettings.Number;
        var rules = new List<AlertRule>
        {
            // Per instance: each replica compares its own recent inputs with training. Per feature, the higher of the models'
            // PSI (each model's drift covers the rows it scored): the rule's model label replaces the series' role label.
            Rule(s, Drift, $"max without (model) (mlops_feature_drift_psi{{{sel}}}) > {n(s.DriftThreshold)}", "warning",
                $"{s.Name}: feature {{{{ $labels.feature }}}} drifted (PSI {{{{ $value | printf \"%.3f\" }}}} > {n(s.DriftThreshold)})",
                $"On {{{{ $labels.instance }}}}, the recent inputs of feature {{{{ $labels.feature }}}} no longer look like the training data " +
                $"(population stability index above MlOpsDriftThreshold={n(s.DriftThreshold)} for {s.AlertFor}). Compare the captured rows with " +
                "the training data; if the world changed, label captures through /feedback and retrain (docs/monitoring.md, \"Retraining recipe\")."),
        };
        foreach (var gate in s.Gates) rules.Add(GateRule(s, gate));
        rules.Add(Rule(s, Errors,
            $"sum by (job) (rate(mlops_http_requests_total{{{sel}, code=~\"5..\"}}[{w}])) / sum by (job) (rate(mlops_http_requests_total{{{sel}}}[{w}])) > {n(MonitoringSettings.MaxErrorShare)}",
            "critical",
            $"{s.Name}: {{{{ $value | humanizePercentage }}}} of requests fail with 5xx",
            $"More than {n(MonitoringSettings.MaxErrorShare * 100)}% of the scoring service's HTTP responses were server errors over the last {w} for {s.AlertFor}. " +
            "See the service's logs and mlops_predictions_total{outcome=\"server_error\"}."));
        rules.Add(Rule(s, Latency,
            $"histogram_quantile(0.99, sum by (job, le) (rate(mlops_http_request_duration_seconds_bucket{{{sel}, endpoint=~\"{MonitoringSettings.PredictionEndpoints}\"}}[{w}]))) > {n(s.LatencyP99Seconds)}",
            "warning",
            $"{s.Name}: p99 prediction latency {{{{ $value | humanizeDuration }}}} > {n(s.LatencyP99Seconds)}s",
            $"The 99th percentile of /predict and /predict/batch request time was above MlOpsAlertLatency={n(s.LatencyP99Seconds)}s over the last {w} for {s.AlertFor}. " +
            "Check CPU throttling and replicas (the HPA), the batch sizes clients send, and mlops_prediction_duration_seconds for the model's own share."));
        rules.Add(Rule(s, UnknownCategories,
            $"sum by (job, feature) (rate(mlops_unknown_category_total{{{sel}}}[{w}])) / on (job) group_left {MonitoringSettings.RowsReceived(sel, w, "job")} > {n(MonitoringSettings.MaxUnknownCategoryShare)}",
            "warning",
            $"{s.Name}: {{{{ $value | humanizePercentage }}}} of rows have a category of {{{{ $labels.feature }}}} the model never saw",
            $"More than {n(MonitoringSettings.MaxUnknownCategoryShare * 100)}% of the scored rows over the last {w} carried a value of feature {{{{ $labels.feature }}}} that " +
            "was not in the training data (scored all the same, MLOPS_UNKNOWN_CATEGORY=score). A client may send a new code or spelling: fix the client, or retrain on captured data that has the new category."));
        rules.Add(Rule(s, CapturePaused, $"mlops_capture_paused{{{sel}}} == 1", "warning",
            $"{s.Name}: data capture is paused on {{{{ $labels.instance }}}}",
            "The capture folder reached its disk budget (MLOPS_CAPTURE_MAX_MB), so rows are no longer recorded (mlops_capture_dropped_total{reason=\"full\"}) " +
            "and production checks and retraining miss them. Ship or delete old capture files, or raise the budget."));
        return new RuleGroup($"mlops-{s.Name}", rules);
    }

    /// <summary>A gate's live metric out of its bounds, once the live window holds enough labeled rows to mean something.
    /// The gate is the model project's, so it watches that model: the challenger of the image (docs/rollout.md); a champion
    /// baked beside it answers to its own release.</summary>
    private static AlertRule GateRule(MonitoringSettings s, QualityGate gate)
    {
        var metric = $"mlops_live_metric{{{s.Selector}, model=\"challenger\", metric={MonitoringSettings.PromQlString(gate.Metric)}}}";
        var n = MonitoringSettings.Number;
        var breaches = new List<string>();
        var bounds = new List<string>();
        if (gate.Minimum is { } min) { breaches.Add($"{metric} < {n(min)}"); bounds.Add($"Minimum {n(min)}"); }
        if (gate.Maximum is { } max) { breaches.Add($"{metric} > {n(max)}"); bounds.Add($"Maximum {n(max)}"); }
        var breach = breaches.Count == 1 ? breaches[0] : "(" + string.Join(" or ", breaches) + ")";
        var better = MetricCatalog.IsHigherBetter(gate.Metric) ? "higher" : "lower";
        return Rule(s, Gate(gate.Metric),
            $"{breach} and on (job, instance) mlops_live_labeled_rows{{{s.Selector}, model=\"challenger\"}} >= {MonitoringSettings.MinLabeledRows}",
            "critical",
            $"{s.Name}: live {gate.Metric} {{{{ $value | printf \"%.4f\" }}}} breaks its quality gate ({string.Join(", ", bounds)})",
            $"On {{{{ $labels.instance }}}}, {gate.Metric} ({better} is better) over the last labeled rows (at least {MonitoringSettings.MinLabeledRows}) is outside " +
            $"the MlOpsQualityGate the model was released with ({string.Join(", ", bounds)}) for {s.AlertFor}. " +
            "Run the production checks on the captured data (MlOpsProductionData) and retrain on the labeled captures (docs/monitoring.md).");
    }

    private static AlertRule Rule(MonitoringSettings s, string alert, string expr, string severity, string summary, string description) =>
        new(alert, expr, s.AlertFor,
            [new("severity", severity), new("model", s.Name)],
            [new("summary", summary), new("description", description)]);
}
