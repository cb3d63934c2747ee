using System.Globalization;
using System.Text.Json.Nodes;
using MlOps.Core.Artifacts;
using MlOps.Core.Schema;
using MlOps.Tests.Shared;
using MlOps.Tool;

namespace MlOps.Serving.Tests;

/// <summary>
/// The alert rules publish writes, evaluated by a real Prometheus (eng/prometheus.sh, loopback, 1 s scrape and
/// evaluation) that scrapes this service in process: in-distribution traffic leaves the drift alert inactive, drifted
/// traffic turns it pending. Here and not with the tool's tests because the service it scrapes is this project's.
/// </summary>
[TestClass]
public sealed class DriftAlertTests
{
    private const string Job = "scoring";
    private const int Rows = 200;

    [TestMethod]
    public async Task TheDriftAlertGoesPendingWhenTheInputsDrift()
    {
        var model = TrainedModel.For(MlTask.BinaryClassification);
        var dir = Directory.CreateTempSubdirectory("mlops-alerts-").FullName;
        // A window the test fills with one kind of traffic at a time; the gauges appear from 100 rows on.
        var settings = new Dictionary<string, string?> { ["MLOPS_DRIFT_WINDOW"] = Rows.ToString(CultureInfo.InvariantCulture), ["MLOPS_DRIFT_MIN_ROWS"] = "100" };
        var saved = settings.Keys.ToDictionary(k => k, Environment.GetEnvironmentVariable);
        try
        {
            var rules = await WriteRulesAsync(dir, model.Folder);
            foreach (var (key, value) in settings) Environment.SetEnvironmentVariable(key, value);
            await using var server = await ScoringServer.StartAsync(model.Folder);
            var config = Path.Combine(dir, "prometheus.yml");
            // JSON is YAML.
            File.WriteAllText(config, new JsonObject
            {
                ["global"] = new JsonObject { ["scrape_interval"] = "1s", ["evaluation_interval"] = "1s" },
                ["rule_files"] = new JsonArray(rules),
                ["scrape_configs"] = new JsonArray(new JsonObject
                {
                    ["job_name"] = Job,
                    ["static_configs"] = new JsonArray(new JsonObject { ["targets"] = new JsonArray(server.Client.BaseAddress!.Authority) }),
                }),
            }.ToJsonString());
            await using var prometheus = LocalPrometheus.Start(config);

            await SendAsync(server, Enumerable.Range(0, Rows).Select(model.Request));
            var calm = await WaitAsync(prometheus, "Prometheus to scrape the drift gauges", async () =>
                await QueryAsync(prometheus, $"mlops_feature_drift_psi{{job=\"{Job}\"}}") is { Count: > 0 } r ? r : null);
            foreach (var series in calm)
                Assert.IsLessThan(0.2, double.Parse((string)series!["value"]![1]!, CultureInfo.InvariantCulture), $"in-distribution PSI: {series}");
            await Task.Delay(TimeSpan.FromSeconds(2.5)); // two evaluations over the scraped gauges
            Assert.AreEqual("inactive", await DriftRuleStateAsync(prometheus), "in-distribution traffic raises no drift alert");

            // x1 and "x 2" pinned to the edges of their training ranges: the window's inputs no longer look like training.
            await SendAsync(server, Enumerable.Range(0, Rows).Select(r => { var row = model.Request(r); row["x1"] = 1.95; row["x 2"] = -1.95; return row; }));
            var alerts = await WaitAsync(prometheus, "the drift alert to go pending", async () =>
            {
                var pending = (await prometheus.ApiAsync("/api/v1/alerts"))["alerts"]!.AsArray()
                    .Where(a => (string?)a!["labels"]!["alertname"] == "MlOpsFeatureDrift").ToList();
                return pending.Count > 0 ? pending : null;
            });
            foreach (var alert in alerts)
            {
                Assert.AreEqual("pending", (string?)alert!["state"], "pending: MlOpsAlertFor (10m) has not passed");
                Assert.AreEqual(Job, (string?)alert["labels"]!["job"]);
                Assert.AreEqual(Job, (string?)alert["labels"]!["model"]);
                CollectionAssert.Contains(new[] { "x1", "x 2" }, (string?)alert["labels"]!["feature"], "only the drifted features");
                StringAssert.Contains((string?)alert["annotations"]!["summary"], $"feature {alert["labels"]!["feature"]} drifted");
            }
            Assert.AreEqual("pending", await DriftRuleStateAsync(prometheus));
        }
        finally
        {
            foreach (var (key, value) in saved) Environment.SetEnvironmentVariable(key, value);
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The rules as `dotnet publish` writes them: the tool's monitoring command for this model, its job the scrape job.</summary>
    private static async Task<string> WriteRulesAsync(string dir, string modelFolder)
    {
        var project = Path.Combine(dir, "Scoring.csproj");
        File.WriteAllText(project, "<Project Sdk=\"MlOps.Sdk\" />\n");
        var options = Path.Combine(dir, "monitoring.options");
        var output = Path.Combine(dir, "monitoring");
        File.WriteAllLines(options, [$"ProjectFile={project}", $"Manifest={Path.Combine(modelFolder, ArtifactFiles.Manifest)}", $"Name={Job}",
            $"OutputDirectory={output}", "DriftThreshold=0.2", "AlertFor=10m", "AlertLatency=0.5"]);
        using var log = new StringWriter();
        Assert.AreEqual(0, await ToolRunner.RunAsync(["monitoring", options], log, log, CancellationToken.None), log.ToString());
        return Path.Combine(output, "prometheus-rules.yaml");
    }

    private static async Task SendAsync(ScoringServer server, IEnumerable<JsonObject> rows)
    {
        var response = await server.PostJsonAsync("/predict/batch", new JsonArray([.. rows]));
        Assert.AreEqual(System.Net.HttpStatusCode.OK, response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<JsonArray> QueryAsync(LocalPrometheus prometheus, string promQl) =>
        (await prometheus.ApiAsync($"/api/v1/query?query={Uri.EscapeDataString(promQl)}"))["result"]!.AsArray();

    private static async Task<string?> DriftRuleStateAsync(LocalPrometheus prometheus) =>
        (string?)(await prometheus.ApiAsync("/api/v1/rules?type=alert"))["groups"]!.AsArray()
            .SelectMany(g => g!["rules"]!.AsArray()).Single(r => (string?)r!["name"] == "MlOpsFeatureDrift")!["state"];

    /// <summary>Polls every 250 ms for up to 30 s (Prometheus scrapes and evaluates every second).</summary>
    private static async Task<T> WaitAsync<T>(LocalPrometheus prometheus, string what, Func<Task<T?>> probe) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (await probe() is { } found) return found;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Timed out waiting for {what}; targets: {await prometheus.Client.GetStringAsync("/api/v1/targets")}");
            await Task.Delay(250);
        }
    }
}
