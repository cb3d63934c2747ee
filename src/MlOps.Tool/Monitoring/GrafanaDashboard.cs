using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlOps.Tool.Monitoring;

/// <summary>
/// A Grafana dashboard of the model's service: traffic, latency, errors, the live metrics against their gates and
/// drift per feature. Data source through a variable (${datasource}), so it imports into any Grafana with a Prometheus
/// data source; queries use the alerts' selector and windows (no Grafana macros, so each is plain PromQL).
/// </summary>
public static class GrafanaDashboard
{
    public const string FileName = "grafana-dashboard.json";
    /// <summary>Grafana 10/11's schema; older Grafanas migrate nothing here, newer ones migrate on import.</summary>
    private const int SchemaVersion = 39;

    public const string Traffic = "Traffic", Latency = "Latency", Errors = "Errors", LiveMetrics = "Live metrics", Drift = "Drift per feature (PSI)";

    /// <summary>A panel's query: PromQL and the legend Grafana draws for it.</summary>
    public sealed record Query(string Expr, string Legend);

    /// <summary>A panel: title, unit and queries (a gate or threshold is a constant vector() drawn beside the metric).</summary>
    public sealed record Panel(string Title, string Unit, IReadOnlyList<Query> Queries);

    public static IReadOnlyList<Panel> Panels(MonitoringSettings s)
    {
        var sel = s.Selector;
        var w = MonitoringSettings.RateWindow;
        var n = MonitoringSettings.Number;
        var predictions = $"endpoint=~\"{MonitoringSettings.PredictionEndpoints}\"";
        var panels = new List<Panel>
        {
            new(Traffic, "reqps", [new($"sum by (endpoint) (rate(mlops_http_requests_total{{{sel}}}[{w}]))", "{{endpoint}}"),
                                   new($"sum by (model, outcome) (rate(mlops_predictions_total{{{sel}}}[{w}]))", "{{model}} rows {{outcome}}")]),
            new(Latency, "s", [
                new($"histogram_quantile(0.5, sum by (le) (rate(mlops_http_request_duration_seconds_bucket{{{sel}, {predictions}}}[{w}])))", "p50"),
                new($"histogram_quantile(0.99, sum by (le) (rate(mlops_http_request_duration_seconds_bucket{{{sel}, {predictions}}}[{w}])))", "p99"),
                new($"vector({n(s.LatencyP99Seconds)})", "p99 alert")]),
            new(Errors, "percentunit", [
                new($"sum(rate(mlops_http_requests_total{{{sel}, code=~\"5..\"}}[{w}])) / sum(rate(mlops_http_requests_total{{{sel}}}[{w}]))", "5xx share"),
                new($"sum(rate(mlops_http_requests_total{{{sel}, code=~\"4..\"}}[{w}])) / sum(rate(mlops_http_requests_total{{{sel}}}[{w}]))", "4xx share"),
                new($"vector({n(MonitoringSettings.MaxErrorShare)})", "5xx alert")]),
            new(LiveMetrics, "none", [new($"mlops_live_metric{{{sel}}}", "{{model}} {{metric}} {{instance}}"),
                                      new($"mlops_live_labeled_rows{{{sel}}}", "{{model}} labeled rows {{instance}}")]),
        };
        foreach (var gate in s.Gates)
        {
            var queries = new List<Query> { new($"mlops_live_metric{{{sel}, metric={MonitoringSettings.PromQlString(gate.Metric)}}}", "{{model}} {{instance}}") };
            if (gate.Minimum is { } min) queries.Add(new($"vector({n(min)})", "gate minimum"));
            if (gate.Maximum is { } max) queries.Add(new($"vector({n(max)})", "gate maximum"));
            panels.Add(new($"{gate.Metric} against its gate", "none", queries));
        }
        panels.Add(new(Drift, "none", [new($"mlops_feature_drift_psi{{{sel}}}", "{{model}} {{feature}} {{instance}}"),
                                       new($"vector({n(s.DriftThreshold)})", "threshold")]));
        panels.Add(new("Unknown categories", "percentunit", [
            new($"sum by (feature) (rate(mlops_unknown_category_total{{{sel}}}[{w}])) / scalar({MonitoringSettings.RowsReceived(sel, w)})", "{{feature}}")]));
        panels.Add(new("Capture", "none", [new($"mlops_capture_paused{{{sel}}}", "paused {{instance}}"),
                                           new($"mlops_drift_window_rows{{{sel}}}", "{{model}} drift window rows {{instance}}")]));
        return panels;
    }

    /// <summary>Indented, and PromQL's quotes and comparisons as they are (not \u0022), for people who read the file.</summary>
    private static readonly JsonSerializerOptions Writing = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Json(MonitoringSettings s) => Build(s).ToJsonString(Writing) + "\n";

    public static JsonObject Build(MonitoringSettings s)
    {
        var datasource = new JsonObject { ["type"] = "prometheus", ["uid"] = "${datasource}" };
        var panels = new JsonArray();
        var list = Panels(s);
        for (var i = 0; i < list.Count; i++)
        {
            var panel = list[i];
            var targets = new JsonArray();
            for (var q = 0; q < panel.Queries.Count; q++)
                targets.Add(new JsonObject
                {
                    ["refId"] = ((char)('A' + q)).ToString(), ["datasource"] = datasource.DeepClone(),
                    ["expr"] = panel.Queries[q].Expr, ["legendFormat"] = panel.Queries[q].Legend,
                });
            panels.Add(new JsonObject
            {
                ["id"] = i + 1, ["type"] = "timeseries", ["title"] = panel.Title, ["datasource"] = datasource.DeepClone(),
                // Two panels a row, 12 of Grafana's 24 columns each.
                ["gridPos"] = new JsonObject { ["h"] = 8, ["w"] = 12, ["x"] = i % 2 * 12, ["y"] = i / 2 * 8 },
                ["fieldConfig"] = new JsonObject { ["defaults"] = new JsonObject { ["unit"] = panel.Unit }, ["overrides"] = new JsonArray() },
                ["options"] = new JsonObject { ["legend"] = new JsonObject { ["displayMode"] = "list", ["placement"] = "bottom", ["showLegend"] = true } },
                ["targets"] = targets,
            });
        }
        return new JsonObject
        {
            // Grafana's uid is at most 40 characters.
            ["uid"] = Truncate($"mlops-{s.Name}", 40), ["title"] = $"MlOps: {s.Name}", ["tags"] = new JsonArray("mlops"),
            ["schemaVersion"] = SchemaVersion, ["version"] = 1, ["editable"] = true, ["refresh"] = "30s",
            ["time"] = new JsonObject { ["from"] = "now-6h", ["to"] = "now" },
            ["annotations"] = new JsonObject { ["list"] = new JsonArray() },
            ["templating"] = new JsonObject
            {
                ["list"] = new JsonArray(new JsonObject
                {
                    ["name"] = "datasource", ["label"] = "Data source", ["type"] = "datasource", ["query"] = "prometheus",
                    ["current"] = new JsonObject(), ["hide"] = 0, ["refresh"] = 1, ["options"] = new JsonArray(),
                }),
            },
            ["panels"] = panels,
        };
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length].TrimEnd('-');
}
