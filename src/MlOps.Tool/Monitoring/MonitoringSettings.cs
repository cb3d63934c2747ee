using System.Globalization;
using System.Text.RegularExpressions;
using MlOps.Core.Diagnostics;
using MlOps.Core.Schema;

namespace MlOps.Tool.Monitoring;

/// <summary>
/// What the alert rules and the dashboard are written for: the model's name, the Prometheus job that scrapes its
/// service (every query is scoped to it), its quality gates and the thresholds. The metric names are the service's
/// (docs/monitoring.md, "Metrics").
/// </summary>
public sealed partial record MonitoringSettings(
    string Name, string Job, MlTask Task, IReadOnlyList<QualityGate> Gates, double DriftThreshold, string AlertFor, double LatencyP99Seconds)
{
    /// <summary>Live metrics over fewer labeled rows than this are noise: their alerts wait for this many.</summary>
    public const int MinLabeledRows = 100;
    /// <summary>Share of HTTP responses that are 5xx above which the error alert fires.</summary>
    public const double MaxErrorShare = 0.05;
    /// <summary>Share of predicted rows with a category the model never saw (per feature) above which that alert fires.</summary>
    public const double MaxUnknownCategoryShare = 0.01;
    /// <summary>The window of every rate(): long enough for a 1m scrape interval to give several points.</summary>
    public const string RateWindow = "5m";
    /// <summary>The prediction routes: the latency alert and panel look at these, not at /metrics or the health probes.</summary>
    public const string PredictionEndpoints = "/predict|/predict/batch";

    /// <summary>The label matcher every query carries, e.g. job="churn".</summary>
    public string Selector => $"job={PromQlString(Job)}";

    /// <summary>A PromQL (Go) double-quoted string.</summary>
    public static string PromQlString(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    /// <summary>A number as PromQL and people read it (invariant culture, shortest round-trip form).</summary>
    /// <summary>The rate of rows the service received, per <paramref name="by"/> ("job", or "" for one number). Every model of
    /// the image scores every row (answering or in the background, docs/rollout.md), so the busiest model's rate is the rows'
    /// rate; a sum over the model label would count a shadowed row twice.</summary>
    public static string RowsReceived(string selector, string window, string by = "") =>
        $"max{(by.Length > 0 ? $" by ({by})" : "")} (sum by ({(by.Length > 0 ? by + ", " : "")}model) (rate(mlops_predictions_total{{{selector}}}[{window}])))";

    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A Prometheus duration (1h30m, 15m, 90s): units from largest to smallest, at least one.</summary>
    [GeneratedRegex(@"^(?=\d)(\d+y)?(\d+w)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?(\d+ms)?$")]
    private static partial Regex DurationPattern();

    public static bool IsDuration(string value) => DurationPattern().IsMatch(value);

    public static string Duration(string property, string value, ProjectLines project) =>
        IsDuration(value) ? value
            : throw project.Error(ErrorCodes.MonitoringInvalidSetting, property,
                $"{property} is '{value}', which is not a Prometheus duration: a number with a unit, largest unit first (30s, 15m, 1h30m).");

    public static double Positive(string property, string value, ProjectLines project) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number > 0 && double.IsFinite(number) ? number
            : throw project.Error(ErrorCodes.MonitoringInvalidSetting, property, $"{property} is '{value}', which is not a number greater than 0.");
}
