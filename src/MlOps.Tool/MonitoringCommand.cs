using MlOps.Core.Artifacts;
using MlOps.Core.Diagnostics;
using MlOps.Core.Schema;
using MlOps.Tool.Monitoring;

namespace MlOps.Tool;

/// <summary>
/// monitoring: at publish, writes the model's Prometheus alert rules (a plain rule file and a PrometheusRule) and a
/// Grafana dashboard into one folder, swapped in as a set. Gates come as the checks command reads them, so an alert
/// watches the same canonical metric name the service exports (mlops_live_metric{metric=...}).
/// </summary>
public static class MonitoringCommand
{
    public static readonly OptionKeys Keys = new(
        ["ProjectFile", "Manifest", "Name", "OutputDirectory", "DriftThreshold", "AlertFor", "AlertLatency"], ["Job", "Gate"]);

    public static int Run(OptionsFile options, TextWriter log)
    {
        var project = new ProjectLines(options.Require("ProjectFile"));
        var task = Enum.Parse<MlTask>(MlOpsJson.Read<Manifest>(options.Require("Manifest")).Task);
        var errors = new List<MlOpsException>();
        var gates = QualityGate.Parse(options, task, project, errors);
        foreach (var error in errors) log.WriteLine(error.ToCanonical());
        if (errors.Count > 0) return 1;

        var name = DeployCommand.SafeName(options.Require("Name"));
        var settings = new MonitoringSettings(name, options.Get("Job") ?? name, task, gates,
            MonitoringSettings.Positive("MlOpsDriftThreshold", options.Require("DriftThreshold"), project),
            MonitoringSettings.Duration("MlOpsAlertFor", options.Require("AlertFor"), project),
            MonitoringSettings.Positive("MlOpsAlertLatency", options.Require("AlertLatency"), project));
        var group = AlertRules.Build(settings);

        using var stage = new StagedDirectory(options.Require("OutputDirectory"));
        File.WriteAllText(stage.PathOf(RuleFiles.Plain), RuleFiles.PlainFile(group));
        File.WriteAllText(stage.PathOf(RuleFiles.Operator), RuleFiles.OperatorFile(group, name));
        File.WriteAllText(stage.PathOf(GrafanaDashboard.FileName), GrafanaDashboard.Json(settings));
        stage.Commit();
        log.WriteLine($"MlOps: monitoring in {stage.Final} ({RuleFiles.Plain}, {RuleFiles.Operator}, {GrafanaDashboard.FileName}): " +
            $"{group.Rules.Count} alerts on job=\"{settings.Job}\" ({string.Join(", ", group.Rules.Select(r => r.Alert))})");
        return 0;
    }
}
