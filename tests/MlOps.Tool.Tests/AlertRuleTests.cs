using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MlOps.Tool.Monitoring;

namespace MlOps.Tool.Tests;

/// <summary>
/// The generated rules and dashboard under Debian's promtool (eng/prometheus.sh installs it): both rule files check,
/// every dashboard query parses, and each alert has a promtool unit test with series that fire and series that must
/// not (another job, below the threshold, too few labeled rows, excluded endpoints), before and after its `for:`.
/// </summary>
[TestClass]
public sealed class AlertRuleTests
{
    private const string J = MonitoringFiles.Name;

    [TestMethod]
    public async Task BothRuleFilesPassPromtoolCheck()
    {
        using var dir = new TempDir();
        var files = await MonitoringFiles.WriteAsync(dir);
        var spec = dir.Write("spec-groups.yaml", MonitoringCommandTests.SpecGroups(File.ReadAllText(files.PathOf(RuleFiles.Operator))));
        foreach (var file in new[] { files.PathOf(RuleFiles.Plain), spec })
        {
            var (exit, output) = LocalPrometheus.Promtool(dir.Root, "check", "rules", file);
            Assert.AreEqual(0, exit, output);
            StringAssert.Contains(output, $"SUCCESS: {files.Group.Rules.Count} rules found");
        }
    }

    [TestMethod]
    public async Task PromtoolRejectsABrokenExpression()
    {
        using var dir = new TempDir();
        var files = await MonitoringFiles.WriteAsync(dir);
        var broken = dir.Write("broken.yaml", File.ReadAllText(files.PathOf(RuleFiles.Plain)).Replace("> 0.2", "> > 0.2"));
        Assert.AreNotEqual(0, LocalPrometheus.Promtool(dir.Root, "check", "rules", broken).Exit, "the check can fail");
    }

    [TestMethod]
    public async Task EveryDashboardQueryParses()
    {
        using var dir = new TempDir();
        var files = await MonitoringFiles.WriteAsync(dir);
        var dashboard = JsonNode.Parse(File.ReadAllText(files.PathOf(GrafanaDashboard.FileName)))!;
        var exprs = dashboard["panels"]!.AsArray().SelectMany(p => p!["targets"]!.AsArray()).Select(t => (string)t!["expr"]!).ToList();
        // Each query as a recording rule: promtool parses the PromQL as Prometheus would. JSON is YAML.
        var rules = new JsonArray([.. exprs.Select((e, i) => (JsonNode)new JsonObject { ["record"] = $"dashboard:query_{i}", ["expr"] = e })]);
        var file = dir.Write("dashboard-queries.yaml", new JsonObject { ["groups"] = new JsonArray(new JsonObject { ["name"] = "dashboard", ["rules"] = rules }) }.ToJsonString());
        var (exit, output) = LocalPrometheus.Promtool(dir.Root, "check", "rules", file);
        Assert.AreEqual(0, exit, output);
        StringAssert.Contains(output, $"SUCCESS: {exprs.Count} rules found");
    }

    [TestMethod]
    public async Task EachAlertFiresOnlyWhenItShould()
    {
        using var dir = new TempDir();
        var files = await MonitoringFiles.WriteAsync(dir);
        var tests = new JsonArray();
        foreach (var c in Cases()) tests.Add(UnitTest(files, c));
        var file = dir.Write("alerts.test.yaml", new JsonObject
        {
            ["rule_files"] = new JsonArray(files.PathOf(RuleFiles.Plain)), ["evaluation_interval"] = "1m", ["tests"] = tests,
        }.ToJsonString());
        var (exit, output) = LocalPrometheus.Promtool(dir.Root, "test", "rules", file);
        Assert.AreEqual(0, exit, output);
        StringAssert.Contains(output, "SUCCESS");
        // Every alert of the file has a case that fires it.
        CollectionAssert.AreEquivalent(files.Group.Rules.Select(r => r.Alert).ToArray(),
            Cases().Where(c => c.Firing.Length > 0).Select(c => c.Alert).Distinct().ToArray());
    }

    [TestMethod]
    public async Task APromtoolUnitTestCanFail()
    {
        using var dir = new TempDir();
        var files = await MonitoringFiles.WriteAsync(dir);
        // The drift case expecting its alert for the feature that stays below the threshold.
        var wrong = Cases()[0] with { Firing = [new(new() { ["instance"] = "a", ["feature"] = "plan" }, "0.050")] };
        var file = dir.Write("wrong.test.yaml", new JsonObject
        {
            ["rule_files"] = new JsonArray(files.PathOf(RuleFiles.Plain)), ["evaluation_interval"] = "1m", ["tests"] = new JsonArray(UnitTest(files, wrong)),
        }.ToJsonString());
        var (exit, output) = LocalPrometheus.Promtool(dir.Root, "test", "rules", file);
        Assert.AreNotEqual(0, exit, output);
        StringAssert.Contains(output, "FAILED");
    }

    /// <summary>A firing alert: its labels besides alertname, severity, model and job, and $value as its annotations render it.</summary>
    private sealed record Alert(Dictionary<string, string> Labels, string Value);

    /// <summary>One alert's scenario: input series (one sample a minute for 20 minutes) and the alerts firing at 15m.</summary>
    private sealed record Case(string Alert, (string Series, string Values)[] Input, Alert[] Firing);

    private static Case[] Cases() =>
    [
        new(AlertRules.Drift,
            // Two models' series of one feature make one alert, at the higher PSI.
            [(Psi(J, "a", "tenure"), "0.5x20"), (Psi(J, "a", "tenure", "champion"), "0.3x20"), (Psi(J, "a", "plan"), "0.05x20"),
             (Psi("other", "a", "tenure"), "0.9x20")],
            [new(new() { ["instance"] = "a", ["feature"] = "tenure" }, "0.500")]),
        new(AlertRules.Gate("AreaUnderRocCurve"),
            // The champion's live metric (d) is not the project's gate.
            [.. Live("AreaUnderRocCurve", ("a", "0.7", "500"), ("b", "0.7", "50"), ("c", "0.9", "500")), .. Live("AreaUnderRocCurve", "champion", ("d", "0.6", "500"))],
            [new(new() { ["instance"] = "a", ["metric"] = "AreaUnderRocCurve" }, "0.7000")]),
        new(AlertRules.Gate("LogLoss"),
            [.. Live("LogLoss", ("a", "0.9", "500"), ("b", "0.3", "500"))],
            [new(new() { ["instance"] = "a", ["metric"] = "LogLoss" }, "0.9000")]),
        new(AlertRules.Gate("Accuracy"),
            [.. Live("Accuracy", ("a", "0.5", "500"), ("b", "0.995", "500"), ("c", "0.8", "500"))],
            [new(new() { ["instance"] = "a", ["metric"] = "Accuracy" }, "0.5000"), new(new() { ["instance"] = "b", ["metric"] = "Accuracy" }, "0.9950")]),
        new(AlertRules.Errors,
            [(Requests(J, "200"), "0+100x20"), (Requests(J, "500"), "0+10x20"), (Requests("other", "500"), "0+1000x20")],
            [new([], "9.091%")]),
        new(AlertRules.Errors, [(Requests(J, "200"), "0+100x20"), (Requests(J, "500"), "0+1x20")], []),
        new(AlertRules.Latency, [.. Buckets("/predict", 0, 100), .. Buckets("/metrics", 0, 0)], [new([], "991ms")]),
        new(AlertRules.Latency, [.. Buckets("/predict", 100, 100)], []),
        new(AlertRules.UnknownCategories,
            [($"mlops_unknown_category_total{{job=\"{J}\", instance=\"a\", feature=\"plan\"}}", "0+5x20"),
             ($"mlops_unknown_category_total{{job=\"{J}\", instance=\"a\", feature=\"region\"}}", "0+0x20"),
             // Both models score every row: 100 rows a minute, not 200.
             ($"mlops_predictions_total{{job=\"{J}\", instance=\"a\", model=\"challenger\", outcome=\"success\"}}", "0+100x20"),
             ($"mlops_predictions_total{{job=\"{J}\", instance=\"a\", model=\"champion\", outcome=\"success\"}}", "0+100x20")],
            [new(new() { ["feature"] = "plan" }, "5%")]),
        new(AlertRules.CapturePaused,
            [($"mlops_capture_paused{{job=\"{J}\", instance=\"a\"}}", "1x20"), ($"mlops_capture_paused{{job=\"{J}\", instance=\"b\"}}", "0x20")],
            [new(new() { ["instance"] = "a" }, "1")]),
    ];

    private static string Psi(string job, string instance, string feature, string model = "challenger") =>
        $"mlops_feature_drift_psi{{job=\"{job}\", instance=\"{instance}\", model=\"{model}\", feature=\"{feature}\"}}";

    private static IEnumerable<(string, string)> Live(string metric, params (string Instance, string Value, string Rows)[] instances) =>
        Live(metric, "challenger", instances);

    private static IEnumerable<(string, string)> Live(string metric, string model, params (string Instance, string Value, string Rows)[] instances) =>
        instances.SelectMany(i => new[]
        {
            ($"mlops_live_metric{{job=\"{J}\", instance=\"{i.Instance}\", model=\"{model}\", metric=\"{metric}\"}}", $"{i.Value}x20"),
            ($"mlops_live_labeled_rows{{job=\"{J}\", instance=\"{i.Instance}\", model=\"{model}\"}}", $"{i.Rows}x20"),
        });

    private static string Requests(string job, string code) =>
        $"mlops_http_requests_total{{job=\"{job}\", instance=\"a\", endpoint=\"/predict\", code=\"{code}\"}}";

    /// <summary>A request-time histogram growing by <paramref name="perMinute"/> requests a minute, <paramref name="fast"/> of them under 0.1 s and the rest under 1 s.</summary>
    private static IEnumerable<(string, string)> Buckets(string endpoint, int fast, int perMinute) =>
        new[] { ("0.1", fast), ("1", perMinute), ("+Inf", perMinute) }.Select(b =>
            ($"mlops_http_request_duration_seconds_bucket{{job=\"{J}\", instance=\"a\", endpoint=\"{endpoint}\", le=\"{b.Item1}\"}}",
             endpoint == "/metrics" ? $"0+{(b.Item1 == "+Inf" ? 100 : 0)}x20" : $"0+{b.Item2}x20"));

    /// <summary>Nothing fires at 5m (pending for `for:`), exactly the expected alerts at 15m, annotations rendered.</summary>
    private static JsonObject UnitTest(MonitoringFiles files, Case c)
    {
        var rule = files.Rule(c.Alert);
        var firing = new JsonArray();
        foreach (var alert in c.Firing)
        {
            var labels = new Dictionary<string, string>(alert.Labels) { ["job"] = J };
            foreach (var (key, value) in rule.Labels) labels[key] = value;
            firing.Add(new JsonObject
            {
                ["exp_labels"] = Object(labels),
                ["exp_annotations"] = Object(rule.Annotations.ToDictionary(a => a.Key, a => Render(a.Value, labels, alert.Value))),
            });
        }
        return new JsonObject
        {
            ["interval"] = "1m",
            ["input_series"] = new JsonArray([.. c.Input.Select(i => (JsonNode)new JsonObject { ["series"] = i.Series, ["values"] = i.Values })]),
            ["alert_rule_test"] = new JsonArray(
                new JsonObject { ["eval_time"] = "5m", ["alertname"] = c.Alert, ["exp_alerts"] = new JsonArray() },
                new JsonObject { ["eval_time"] = "15m", ["alertname"] = c.Alert, ["exp_alerts"] = firing }),
        };
    }

    private static JsonObject Object(IEnumerable<KeyValuePair<string, string>> pairs) =>
        new([.. pairs.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, p.Value))]);

    /// <summary>The annotation as Prometheus renders it: label references replaced, $value (with its format) as the case says.</summary>
    private static string Render(string template, IReadOnlyDictionary<string, string> labels, string value)
    {
        var text = Regex.Replace(template, @"\{\{ \$labels\.(\w+) \}\}", m => labels[m.Groups[1].Value]);
        return Regex.Replace(text, @"\{\{ \$value[^}]*\}\}", value);
    }
}
