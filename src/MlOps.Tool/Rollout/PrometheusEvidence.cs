using System.Globalization;
using System.Text.Json.Nodes;
using MlOps.Core.Metrics;
using MlOps.Tool.Monitoring;

namespace MlOps.Tool.Rollout;

/// <summary>
/// The evidence as Prometheus scraped it from the service's replicas (docs/rollout.md, "Metrics"), through its HTTP API
/// (/api/v1/query), every query on job="…". The paired bounds are one replica's (each replica bootstraps its own rows,
/// and bounds cannot be added up): the one with the most paired rows. The error rate and p99 are the whole job's over
/// the window, client errors left out (they carry model="", refused before any model).
/// </summary>
public static class PrometheusEvidence
{
    private const string Challenger = "model=\"challenger\"";

    public static async Task<RolloutEvidence> ReadAsync(Uri prometheus, string job, string window, EvidenceHttp http, CancellationToken cancellation)
    {
        var jobSelector = $"job={MonitoringSettings.PromQlString(job)}";
        async Task<IReadOnlyList<(JsonObject Labels, double Value)>> Query(string promQl)
        {
            var address = new Uri(prometheus, $"{prometheus.AbsolutePath.TrimEnd('/')}/api/v1/query?query={Uri.EscapeDataString(promQl)}");
            var answer = await http.GetAsync(address, cancellation);
            if ((string?)answer["status"] != "success" || answer["data"]?["result"] is not JsonArray result)
                throw http.Unreadable(address, $"the query {promQl} failed: {answer["error"] ?? answer}");
            return [.. result.Select(r => (r!["metric"]!.AsObject(), Value((string?)r["value"]?[1])))];
        }

        var replicas = await Query($"mlops_rollout_paired_rows{{{jobSelector}}}");
        if (replicas.Count == 0 && (await Query($"up{{{jobSelector}}}")).Count == 0)
            throw http.Unreadable(prometheus, $"Prometheus scrapes no target with {jobSelector} (MlOpsMonitoringJob names the job)");

        var errorRate = Single(await Query(
            $"(sum(rate(mlops_predictions_total{{{jobSelector},{Challenger},outcome=\"server_error\"}}[{window}])) or vector(0))" +
            $" / sum(rate(mlops_predictions_total{{{jobSelector},{Challenger}}}[{window}]))"));
        var p99 = Single(await Query(
            $"histogram_quantile(0.99, sum by (le) (rate(mlops_prediction_duration_seconds_bucket{{{jobSelector},{Challenger}}}[{window}])))"));
        var source = $"Prometheus at {EvidenceHttp.Shown(prometheus)} ({jobSelector}, {window})";
        if (replicas.Count == 0) return new RolloutEvidence(source, 0, null, errorRate, p99);

        var (labels, rows) = replicas.MaxBy(r => r.Value);
        var replica = $"{jobSelector},instance={MonitoringSettings.PromQlString((string?)labels["instance"] ?? "")}";
        var bounds = (await Query($"mlops_rollout_worse_by{{{replica}}}")).ToDictionary(b => (string?)b.Labels["bound"] ?? "", b => (b.Value, (string?)b.Labels["metric"]));
        source = $"{source.TrimEnd(')')}, replica {(string?)labels["instance"]})";
        if (!bounds.TryGetValue("estimate", out var estimate) || !bounds.TryGetValue("lower", out var lower) || !bounds.TryGetValue("upper", out var upper))
            return new RolloutEvidence(source, (int)rows, null, errorRate, p99);

        var metric = estimate.Item2 ?? "";
        var live = (await Query($"mlops_live_metric{{{replica},metric={MonitoringSettings.PromQlString(metric)}}}"))
            .ToDictionary(l => (string?)l.Labels["model"] ?? "", l => l.Value);
        // The gauges are at the service's MLOPS_ROLLOUT_CONFIDENCE, which the metrics do not carry: NaN says so.
        var paired = new PairedResult(metric, (int)rows, live.GetValueOrDefault("champion", double.NaN), live.GetValueOrDefault("challenger", double.NaN),
            estimate.Value, lower.Value, upper.Value, double.NaN, 0);
        return new RolloutEvidence(source, (int)rows, paired, errorRate, p99);
    }

    /// <summary>A sample value as the API writes it (a string; "NaN" and "+Inf" possible, neither a usable number here).</summary>
    private static double Value(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : double.NaN;

    /// <summary>The one value of an aggregated query; null when there is none or it is undefined (no traffic: 0/0).</summary>
    private static double? Single(IReadOnlyList<(JsonObject Labels, double Value)> result) =>
        result.Count == 1 && double.IsFinite(result[0].Value) ? result[0].Value : null;
}
