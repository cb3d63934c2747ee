using System.Globalization;
using System.Text.RegularExpressions;
using MlOps.Core.Diagnostics;
using MlOps.Tool.Monitoring;

namespace MlOps.Tool.Rollout;

/// <summary>How the Kubernetes manifests roll a new image out (MlOpsRollout).</summary>
public enum RolloutKind { Deployment, ArgoRollouts }

/// <summary>
/// The rollout settings of publish (docs/rollout.md, "Modes" and "Kubernetes"), read and checked in one place: the
/// rollout-pair command checks them before the image is built, the deploy command writes the manifests from them.
/// A bad value is MLOPS1040 at the property's line.
/// </summary>
public sealed partial record RolloutSettings(
    string Mode, RolloutKind Kind, IReadOnlyList<int> CanarySteps, string CanaryPause, string PrometheusAddress,
    double MaxRegression, double MaxErrorRate)
{
    /// <summary>The mode new pods of an Argo Rollout run: the challenger answers, the champion scores in the background (docs/rollout.md).</summary>
    public const string ArgoPodMode = "canary:100";
    /// <summary>The service's variable for the mode (docs/rollout.md, "Settings").</summary>
    public const string ModeVariable = "MLOPS_ROLLOUT";

    public static readonly OptionKeys Keys = new(
        ["ProjectFile", "RolloutMode", "Rollout", "CanarySteps", "CanaryPause", "PrometheusAddress", "MaxRegression", "MaxErrorRate"], []);

    public static RolloutSettings Read(OptionsFile options)
    {
        var project = new ProjectLines(options.Require("ProjectFile"));
        return new RolloutSettings(
            ParseMode(options.Require("RolloutMode"), project),
            ParseKind(options.Require("Rollout"), project),
            ParseSteps(options.Require("CanarySteps"), project),
            ParsePause(options.Require("CanaryPause"), project),
            ParseAddress(options.Require("PrometheusAddress"), project),
            ParseNumber("MlOpsMaxRegression", options.Require("MaxRegression"), double.NegativeInfinity, double.PositiveInfinity, project),
            ParseNumber("MlOpsRolloutMaxErrorRate", options.Require("MaxErrorRate"), 0, 1, project));
    }

    /// <summary>off, shadow, champion or canary:&lt;percent&gt; (0–100, decimals allowed), as the service reads MLOPS_ROLLOUT; lower-cased.</summary>
    public static string ParseMode(string value, ProjectLines project)
    {
        var mode = value.Trim().ToLowerInvariant();
        if (mode is "off" or "shadow" or "champion") return mode;
        if (mode.StartsWith("canary:", StringComparison.Ordinal)
            && double.TryParse(mode["canary:".Length..], NumberStyles.Float, CultureInfo.InvariantCulture, out var percent)
            && percent is >= 0 and <= 100)
            return mode;
        throw Invalid(project, "MlOpsRolloutMode", value, "off, shadow, champion or canary:<percent> with a percent from 0 to 100 (e.g. canary:10)");
    }

    private static RolloutKind ParseKind(string value, ProjectLines project) => value.Trim().ToLowerInvariant() switch
    {
        "deployment" => RolloutKind.Deployment,
        "argorollouts" => RolloutKind.ArgoRollouts,
        _ => throw Invalid(project, "MlOpsRollout", value, "Deployment or ArgoRollouts"),
    };

    /// <summary>Canary weights, e.g. 10;50;100: whole percents from 1 to 100, each above the one before (Argo's setWeight is an integer).</summary>
    public static IReadOnlyList<int> ParseSteps(string value, ProjectLines project)
    {
        var steps = new List<int>();
        foreach (var part in value.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var weight) || weight is < 1 or > 100 || (steps.Count > 0 && weight <= steps[^1]))
                throw Invalid(project, "MlOpsCanarySteps", value, "whole percents from 1 to 100, each greater than the one before, separated by ';' (e.g. 10;50;100)");
            steps.Add(weight);
        }
        return steps.Count > 0 ? steps : throw Invalid(project, "MlOpsCanarySteps", value, "at least one canary weight (e.g. 10;50;100)");
    }

    // Argo's pause duration: a number with a unit, hours before minutes before seconds (30s, 5m, 1h30m).
    [GeneratedRegex(@"^(?=\d)(\d+h)?(\d+m)?(\d+s)?$")]
    private static partial Regex PausePattern();

    private static string ParsePause(string value, ProjectLines project) =>
        PausePattern().IsMatch(value.Trim()) ? value.Trim() : throw Invalid(project, "MlOpsCanaryPause", value, "a duration such as 30s, 5m or 1h30m");

    private static string ParseAddress(string value, ProjectLines project) =>
        Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? value.Trim()
            : throw Invalid(project, "MlOpsPrometheusAddress", value, "an http(s) URL of the Prometheus server (e.g. http://prometheus.monitoring:9090)");

    private static double ParseNumber(string property, string value, double min, double max, ProjectLines project) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) && number >= min && number <= max ? number
            : throw Invalid(project, property, value, double.IsFinite(min) ? $"a number from {MonitoringSettings.Number(min)} to {MonitoringSettings.Number(max)}" : "a number");

    private static MlOpsException Invalid(ProjectLines project, string property, string value, string expected) =>
        project.Error(ErrorCodes.RolloutInvalidSetting, property, $"{property} is '{value}'; expected {expected}.");
}
