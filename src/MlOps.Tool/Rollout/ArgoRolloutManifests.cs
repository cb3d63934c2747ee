using System.Text;
using MlOps.Tool.Monitoring;

namespace MlOps.Tool.Rollout;

/// <summary>
/// MlOpsRollout=ArgoRollouts (docs/rollout.md, "Kubernetes"): what an Argo Rollouts Rollout adds to the Deployment
/// (DeployCommand writes both from one pod template): canary steps from MlOpsCanarySteps and a background analysis, and
/// the AnalysisTemplate whose Prometheus queries read the service's rollout metrics (docs/rollout.md, "Metrics").
/// </summary>
public static class ArgoRolloutManifests
{
    public const string ApiVersion = "argoproj.io/v1alpha1";
    /// <summary>How often the analysis measures, and how many measurements it takes.</summary>
    public const string Interval = "1m";
    public const int Count = 10;
    /// <summary>Failed measurements tolerated before the analysis fails and Argo aborts the rollout (back to the stable pods).</summary>
    public const int FailureLimit = 2;

    /// <summary>The Rollout's spec.strategy (indented under spec): canary weight and pause pairs, and the background analysis.</summary>
    public static string Strategy(string name, RolloutSettings settings)
    {
        var steps = new StringBuilder();
        foreach (var weight in settings.CanarySteps)
            steps.Append($"\n        - setWeight: {weight}\n        - pause:\n            duration: {settings.CanaryPause}");
        return $"""
              strategy:
                canary:
                  analysis:
                    templates:
                      - templateName: {name}
                  steps:{steps}
            """ + "\n";
    }

    /// <summary>
    /// Two metrics: the upper bound of how much worse the challenger is (mlops_rollout_worse_by{bound="upper"}) within
    /// MlOpsMaxRegression, and the challenger's server-error rate within MlOpsRolloutMaxErrorRate. No paired evidence
    /// yet (an empty result) meets neither condition: the measurement is inconclusive and Argo pauses for a person.
    /// </summary>
    public static string AnalysisTemplate(string name, string labels, string job, RolloutSettings settings)
    {
        var selector = $"job={MonitoringSettings.PromQlString(job)}";
        var window = MonitoringSettings.RateWindow;
        var worseBy = $"max(mlops_rollout_worse_by{{{selector},bound=\"upper\"}})";
        var errorRate = $"sum(rate(mlops_predictions_total{{{selector},model=\"challenger\",outcome=\"server_error\"}}[{window}])) / sum(rate(mlops_predictions_total{{{selector},model=\"challenger\"}}[{window}]))";
        return $"""
            apiVersion: {ApiVersion}
            kind: AnalysisTemplate
            metadata:
              name: {name}
              labels:{labels}
            spec:
              metrics:
            {Metric("challenger-not-worse", worseBy, settings.MaxRegression, settings)}
            {Metric("challenger-error-rate", errorRate, settings.MaxErrorRate, settings)}
            """ + "\n";
    }

    private static string Metric(string metric, string query, double bound, RolloutSettings settings)
    {
        var limit = MonitoringSettings.Number(bound);
        return $"""
                - name: {metric}
                  initialDelay: {settings.CanaryPause}
                  interval: {Interval}
                  count: {Count}
                  failureLimit: {FailureLimit}
                  successCondition: "len(result) > 0 && result[0] <= {limit}"
                  failureCondition: "len(result) > 0 && result[0] > {limit}"
                  provider:
                    prometheus:
                      address: {Yaml(settings.PrometheusAddress)}
                      query: {Yaml(query)}
            """;
    }

    /// <summary>A YAML single-quoted scalar (a PromQL query holds '{', '"' and ':').</summary>
    private static string Yaml(string value) => "'" + value.Replace("'", "''") + "'";
}
