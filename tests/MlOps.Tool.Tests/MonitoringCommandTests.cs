using System.Text.Json.Nodes;
using MlOps.Tool.Monitoring;

namespace MlOps.Tool.Tests;

/// <summary>The monitoring command in process: what it writes, that it scopes and names alerts as documented, and its setting errors.</summary>
[TestClass]
public sealed class MonitoringCommandTests
{
    [TestMethod]
    public async Task WritesBothRuleFilesFromOneGroupAndTheDashboard()
    {
        using var dir = new TempDir();
        var files = await MonitoringFiles.WriteAsync(dir);
        CollectionAssert.AreEquivalent(new[] { RuleFiles.Plain, RuleFiles.Operator, GrafanaDashboard.FileName },
            Directory.GetFiles(files.Folder).Select(Path.GetFileName).ToArray(), "the three files and no staging leftovers");
        CollectionAssert.AreEqual(new[] { "MlOpsFeatureDrift", "MlOpsLiveAreaUnderRocCurve", "MlOpsLiveLogLoss", "MlOpsLiveAccuracy",
            "MlOpsHighErrorRate", "MlOpsHighLatency", "MlOpsUnknownCategories", "MlOpsCapturePaused" }, files.Group.Rules.Select(r => r.Alert).ToArray());

        var plain = File.ReadAllText(files.PathOf(RuleFiles.Plain));
        Assert.AreEqual(RuleFiles.PlainFile(files.Group), plain, "the command writes the group its settings give");
        var @operator = File.ReadAllText(files.PathOf(RuleFiles.Operator));
        StringAssert.StartsWith(@operator, "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\n");
        Assert.AreEqual(plain, SpecGroups(@operator), "spec.groups is the plain file, indented");
    }

    [TestMethod]
    public async Task EveryAlertIsScopedToTheJobAndSaysWhatBroke()
    {
        using var dir = new TempDir();
        var files = await MonitoringFiles.WriteAsync(dir);
        foreach (var rule in files.Group.Rules)
        {
            StringAssert.Contains(rule.Expr, $"job=\"{MonitoringFiles.Name}\"", rule.Alert);
            Assert.AreEqual(MonitoringFiles.AlertFor, rule.For, rule.Alert);
            CollectionAssert.Contains(rule.Labels.ToList(), new KeyValuePair<string, string>("model", MonitoringFiles.Name), rule.Alert);
            Assert.IsTrue(rule.Labels.Any(l => l.Key == "severity" && l.Value is "warning" or "critical"), rule.Alert);
            Assert.AreEqual("summary,description", string.Join(',', rule.Annotations.Select(a => a.Key)), rule.Alert);
        }
        StringAssert.Contains(files.Rule("MlOpsFeatureDrift").Annotations[0].Value, "{{ $labels.feature }}");
        StringAssert.Contains(files.Rule("MlOpsUnknownCategories").Annotations[1].Value, "{{ $labels.feature }}");
        // The alias AUC became the name the service exports; the gate's bounds and the labeled-rows guard are in the query.
        Assert.AreEqual("mlops_live_metric{job=\"contoso-churn\", model=\"challenger\", metric=\"AreaUnderRocCurve\"} < 0.8 and on (job, instance) mlops_live_labeled_rows{job=\"contoso-churn\", model=\"challenger\"} >= 100",
            files.Rule("MlOpsLiveAreaUnderRocCurve").Expr);
        StringAssert.Contains(files.Rule("MlOpsLiveAccuracy").Annotations[0].Value, "Minimum 0.7, Maximum 0.99");
    }

    [TestMethod]
    public async Task MlOpsMonitoringJobReplacesTheJobEverywhere()
    {
        using var dir = new TempDir();
        var files = await MonitoringFiles.WriteAsync(dir, "Job=kubernetes-pods");
        var plain = File.ReadAllText(files.PathOf(RuleFiles.Plain));
        var dashboard = File.ReadAllText(files.PathOf(GrafanaDashboard.FileName));
        Assert.IsFalse(plain.Contains("job=\\\"contoso-churn\\\"") || dashboard.Contains("job=\\\"contoso-churn\\\""));
        var exprs = plain.Split('\n').Where(l => l.TrimStart().StartsWith("expr:", StringComparison.Ordinal)).ToList();
        Assert.AreEqual(8, exprs.Count);
        foreach (var expr in exprs) StringAssert.Contains(expr, "job=\\\"kubernetes-pods\\\"");
        StringAssert.Contains(dashboard, "job=\\\"kubernetes-pods\\\"");
    }

    [TestMethod]
    public async Task TheDashboardHasThePanelsAndADataSourceVariable()
    {
        using var dir = new TempDir();
        var files = await MonitoringFiles.WriteAsync(dir);
        var dashboard = JsonNode.Parse(File.ReadAllText(files.PathOf(GrafanaDashboard.FileName)))!;
        Assert.IsTrue((int)dashboard["schemaVersion"]! >= 30);
        Assert.AreEqual("datasource", (string?)dashboard["templating"]!["list"]![0]!["type"]);
        var panels = dashboard["panels"]!.AsArray();
        var titles = panels.Select(p => (string)p!["title"]!).ToList();
        foreach (var title in new[] { GrafanaDashboard.Traffic, GrafanaDashboard.Latency, GrafanaDashboard.Errors, GrafanaDashboard.LiveMetrics, GrafanaDashboard.Drift,
                     "AreaUnderRocCurve against its gate", "LogLoss against its gate", "Accuracy against its gate" })
            CollectionAssert.Contains(titles, title);
        foreach (var panel in panels)
        {
            Assert.AreEqual("${datasource}", (string?)panel!["datasource"]!["uid"], (string?)panel["title"]);
            Assert.IsTrue(panel["targets"]!.AsArray().Count > 0 && panel["targets"]!.AsArray().All(t => ((string)t!["expr"]!).Length > 0));
        }
        var accuracy = panels.Single(p => (string)p!["title"]! == "Accuracy against its gate")!["targets"]!.AsArray().Select(t => (string)t!["expr"]!).ToList();
        CollectionAssert.AreEqual(new[] { "mlops_live_metric{job=\"contoso-churn\", metric=\"Accuracy\"}", "vector(0.7)", "vector(0.99)" }, accuracy);
    }

    [TestMethod]
    public async Task ABadDurationOrThresholdIsMlOps5040AtItsLine()
    {
        using var dir = new TempDir();
        var files = await MonitoringFiles.WriteAsync(dir);
        var project = dir.Write("Bad.csproj", "<Project Sdk=\"MlOps.Sdk\">\n  <PropertyGroup>\n    <MlOpsAlertFor>15 minutes</MlOpsAlertFor>\n  </PropertyGroup>\n</Project>\n");
        var manifest = Path.Combine(dir.Root, "manifest.json");
        var run = await ToolRun.Command("monitoring", dir, [$"ProjectFile={project}", $"Manifest={manifest}", "Name=m", $"OutputDirectory={files.Folder}",
            "DriftThreshold=0.2", "AlertFor=15 minutes", "AlertLatency=0.5"]);
        Assert.AreEqual(1, run.Exit);
        StringAssert.StartsWith(run.Log, $"{project}(3) : error MLOPS5040: MlOpsAlertFor is '15 minutes', which is not a Prometheus duration");
        Assert.IsTrue(File.Exists(files.PathOf(RuleFiles.Plain)), "a failed run leaves the last files in place");

        run = await ToolRun.Command("monitoring", dir, [$"ProjectFile={project}", $"Manifest={manifest}", "Name=m", $"OutputDirectory={files.Folder}",
            "DriftThreshold=0.2", "AlertFor=1h30m", "AlertLatency=-1"]);
        Assert.AreEqual(1, run.Exit);
        StringAssert.Contains(run.Log, "error MLOPS5040: MlOpsAlertLatency is '-1', which is not a number greater than 0.");
    }

    [TestMethod]
    public async Task AGateTheTaskLacksIsTheChecksError()
    {
        using var dir = new TempDir();
        var files = await MonitoringFiles.WriteAsync(dir);
        var run = await ToolRun.Command("monitoring", dir, [$"ProjectFile={files.ProjectFile}", $"Manifest={Path.Combine(dir.Root, "manifest.json")}",
            "Name=m", $"OutputDirectory={files.Folder}", "Gate=RSquared|0.5|", "DriftThreshold=0.2", "AlertFor=10m", "AlertLatency=0.5"]);
        Assert.AreEqual(1, run.Exit);
        StringAssert.Contains(run.Log, "error MLOPS4001: Quality gate 'RSquared'");
    }

    /// <summary>The PrometheusRule's spec.groups block, one indent level less: a plain rule file when the objects agree.</summary>
    public static string SpecGroups(string prometheusRule)
    {
        var lines = prometheusRule.Split('\n');
        var spec = Array.IndexOf(lines, "spec:");
        Assert.IsTrue(spec > 0, "a spec: line");
        return string.Join('\n', lines.Skip(spec + 1).Select(l => l.StartsWith("  ", StringComparison.Ordinal) ? l[2..] : l));
    }
}
