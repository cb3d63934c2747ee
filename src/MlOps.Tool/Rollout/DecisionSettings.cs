using System.Globalization;
using MlOps.Core.Diagnostics;
using MlOps.Tool.Monitoring;

namespace MlOps.Tool.Rollout;

/// <summary>
/// The decision's settings from its options file, each checked, a bad one an MLOPS1041 error at the line of the
/// property that set it. Evidence is the raw MlOpsRolloutEvidence (a URL or prometheus:URL; files arrive expanded
/// as EvidenceFile, by MSBuild, so a wildcard means what it means everywhere else in the project).
/// </summary>
public sealed record DecisionSettings(RolloutLimits Limits, double Confidence, string Window, string Job, string? Evidence, IReadOnlyList<string> EvidenceFiles)
{
    public const string EvidenceProperty = "MlOpsRolloutEvidence";

    public static DecisionSettings Parse(OptionsFile options, ProjectLines project)
    {
        var confidence = Number(options, project, "Confidence", "MlOpsRolloutConfidence", c => c is > 0.5 and < 1,
            "a confidence above 0.5 and below 1 (0.95 = 95%)");
        var limits = new RolloutLimits(
            Number(options, project, "MaxRegression", "MlOpsMaxRegression", double.IsFinite, "a number"),
            (int)Number(options, project, "MinLabeledRows", "MlOpsMinLabeledRows", n => n >= 1 && n == Math.Floor(n) && n <= int.MaxValue, "a whole number of at least 1"),
            Number(options, project, "MaxErrorRate", "MlOpsRolloutMaxErrorRate", r => r is >= 0 and <= 1, "a share between 0 and 1 (0.01 = 1%)"),
            Number(options, project, "MaxLatency", "MlOpsRolloutMaxLatency", s => s > 0 && double.IsFinite(s), "a number of seconds greater than 0"));
        var window = options.Require("Window");
        if (!MonitoringSettings.IsDuration(window))
            throw project.Error(ErrorCodes.RolloutDecisionInvalidSetting, "MlOpsRolloutWindow",
                $"MlOpsRolloutWindow is '{window}', which is not a Prometheus duration: a number with a unit, largest unit first (30s, 10m, 1h).");
        var job = options.Get("Job") ?? DeployCommand.SafeName(options.Require("Name"));
        return new DecisionSettings(limits, confidence, window, job, options.Get("Evidence"), options.All("EvidenceFile"));
    }

    private static double Number(OptionsFile options, ProjectLines project, string key, string property, Func<double, bool> valid, string what)
    {
        var text = options.Require(key);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && valid(value) ? value
            : throw project.Error(ErrorCodes.RolloutDecisionInvalidSetting, property, $"{property} is '{text}', which is not {what}.");
    }
}
