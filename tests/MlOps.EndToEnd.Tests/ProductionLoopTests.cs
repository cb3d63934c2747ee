using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using MlOps.Core.Data;
using MlOps.Core.IO;
using MlOps.EndToEnd.Tests.Infrastructure;
using MlOps.Tests.Shared;

namespace MlOps.EndToEnd.Tests;

/// <summary>
/// The production loop end to end, as a team runs it: publish a model; run its image as the Deployment runs it, with
/// capture on; send traffic, part of it drifted, and ground truth; see live quality and drift in /metrics and the
/// drift alert pending in a real Prometheus loaded with the published rules; point MlOpsProductionData at the
/// captures and watch `dotnet test --filter TestCategory=Production` fail on the drifted feature; retrain with the
/// labeled captures; champion/challenger against the published model passes; publish the retrained model.
/// </summary>
[TestClass]
public sealed class ProductionLoopTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };

    [TestMethod]
    public async Task CaptureFeedbackAlertProductionCheckRetrainPublish()
    {
        var state = TempFolders.New("loop-state");
        var dockerd = new Dockerd(state);
        using var registry = LocalRegistry.Start(state);
        var baseImage = registry.PushBaseImage();
        try
        {
            // 1. Publish: sizes 30–200 in training; the gate asks R² ≥ 0.8 of live traffic too.
            var model = ModelProject.CreateSynthetic("loop", rows: 400, seed: 1);
            model.WriteData("data/test.csv", SyntheticData.HousePrices(rows: 150, seed: 3));
            var capture = Path.Combine(state, "capture");
            Directory.CreateDirectory(capture);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(capture, (UnixFileMode)0b111_111_111); // the image's user (1654) writes here
            model.Set("Version", "1.0.0").Set("MlOpsMaxTrials", "4").Set("MlOpsMonitoringJob", Job)
                 .Item("MlOpsTestData", "data/test.csv")
                 .Item("MlOpsQualityGate", "RSquared", ("Minimum", "0.8"))
                 .Item("MlOpsProductionData", Path.Combine(capture, "capture-*.csv"));
            SdkFeed.WriteNuGetConfig(model.Directory);
            var env = new Dictionary<string, string> { ["MLOPS_CONTAINERS_STATE"] = state };
            BuildAssert.Succeeded(Publish(model, env, registry.Address, baseImage));
            var published = Path.Combine(model.Directory, "bin", "Debug", "net10.0", "publish");
            var champion = Path.Combine(state, "champion");
            CopyFolder(model.OutputFolder, champion);

            // 2. Run the image as deployment.yaml runs it, plus a capture volume.
            var deployment = KubernetesManifests.LoadFile<V1Deployment>(Path.Combine(published, "k8s", "deployment.yaml"));
            var port = ProcessProbe.FreeLoopbackPort();
            var run = DeploymentAsDockerRun.From(deployment, port);
            dockerd.Docker("pull", run.Image);
            var name = "mlops-loop-" + Guid.NewGuid().ToString("N")[..10];
            dockerd.Docker(["run", "-d", "--name", name, .. run.Arguments, "-v", $"{capture}:/capture",
                "-e", "MLOPS_CAPTURE_DIR=/capture", "-e", "MLOPS_DRIFT_WINDOW=200", "-e", "MLOPS_DRIFT_MIN_ROWS=100", run.Image]);
            var url = $"http://127.0.0.1:{port}";
            var serviceLog = "";
            try
            {
                dockerd.WaitUntilReady(url, name);
                await using var prometheus = LocalPrometheus.Start(PrometheusConfig(state, Path.Combine(published, "monitoring", "prometheus-rules.yaml"), port));

                // 3 + 4. In-distribution traffic, then drifted traffic: sizes of 300–500 that now sell at 1.5 times the old
                // price (the inputs moved and so did the world); each row's true price comes back as feedback.
                Score(url, SyntheticData.HousePrices(rows: 150, seed: 11), priceFactor: 1);
                Score(url, SyntheticData.HousePrices(rows: 200, seed: 12, minSize: 300, maxSize: 500), priceFactor: 1.5);

                // 5. Live quality and drift, as the service exports them.
                var metrics = Http.GetStringAsync(url + "/metrics").Result;
                Assert.AreEqual(350, Gauge(metrics, "mlops_live_labeled_rows{model=\"challenger\"}"), metrics);
                Assert.IsTrue(Gauge(metrics, "mlops_live_metric{model=\"challenger\",metric=\"RSquared\"}") < 0.8, "drifted rows are predicted badly:\n" + metrics);
                Assert.IsTrue(Gauge(metrics, "mlops_feature_drift_psi{model=\"challenger\",feature=\"size\"}") > 0.25, metrics);

                // ... and as alerts of the published rules in a real Prometheus: size drifts, live R² is below its gate.
                var pending = await PendingAlertsAsync(prometheus, a => a.Contains("MlOpsFeatureDrift/size") && a.Contains("MlOpsLiveRSquared/RSquared"));
                Assert.IsFalse(pending.Any(a => a.StartsWith("MlOpsFeatureDrift/city", StringComparison.Ordinal)), string.Join(", ", pending));
            }
            finally
            {
                // A graceful stop: the service drains capture and closes its files.
                dockerd.Docker("stop", "-t", "20", name);
                serviceLog = dockerd.Docker("logs", name);
                Console.WriteLine(serviceLog);
                dockerd.Docker("rm", "-f", name);
            }
            // What an operator reads in the pod log: a healthy run from start to graceful stop warns of nothing.
            Assert.IsFalse(serviceLog.Contains("warn:", StringComparison.Ordinal) || serviceLog.Contains("fail:", StringComparison.Ordinal), serviceLog);
            var captured = Directory.GetFiles(capture, "capture-*.csv");
            var labeled = Directory.GetFiles(capture, "labeled-*.csv");
            Assert.IsTrue(captured.Length > 0 && labeled.Length > 0, string.Join(", ", Directory.GetFiles(capture)));
            Assert.AreEqual(350, labeled.Sum(f => CsvLoader.Load(f, new CsvOptions()).RowCount), "every labeled row reached the disk");

            // 6. The production checks fail on the drifted feature: the retraining trigger.
            var tests = TestProject.For(model);
            var production = tests.Test("--filter", "TestCategory=Production");
            Assert.AreNotEqual(0, production.ExitCode, production.Output);
            StringAssert.Contains(production.Output, "size", production.Output);

            // 7. Retrain with the labeled captures as they are; 8. champion/challenger against the published model.
            // The team accepts the new sizes into the schema contract (the production job's MLOPS_UPDATE_SCHEMA), and
            // tolerates 0.05 of R² on the old test data for a model that learned the new prices.
            model.Item("MlOpsTrainingData", Path.Combine(capture, "labeled-*.csv")).Set("MlOpsBaselineModel", Path.Combine(champion, "model.zip"))
                 .Set("MlOpsUpdateSchema", "true").Set("MlOpsMaxRegression", "0.05").Set("Version", "1.0.1");
            model.Save();
            var checks = tests.Test("--filter", "TestCategory!=Production");
            Assert.AreEqual(0, checks.ExitCode, checks.Output);
            StringAssert.Contains(checks.Output, "champion/challenger", checks.Output);
            var schema = File.ReadAllText(model.OutputFile("schema.json"));
            Assert.IsFalse(schema.Contains("mlops_", StringComparison.Ordinal), "capture columns are no features:\n" + schema);
            StringAssert.Contains(File.ReadAllText(model.OutputFile("manifest.json")), "labeled-", "lineage lists the capture files");

            // 9. Publish the retrained model.
            BuildAssert.Succeeded(Publish(model, env, registry.Address, baseImage));
        }
        finally
        {
            dockerd.Stop();
        }
    }

    private const string Job = "mlops-loop";

    /// <summary>Scrapes the container every second and evaluates the published rules every second (JSON is YAML).</summary>
    private static string PrometheusConfig(string state, string rules, int port)
    {
        var config = Path.Combine(state, "prometheus.yml");
        File.WriteAllText(config, new JsonObject
        {
            ["global"] = new JsonObject { ["scrape_interval"] = "1s", ["evaluation_interval"] = "1s" },
            ["rule_files"] = new JsonArray(rules),
            ["scrape_configs"] = new JsonArray(new JsonObject
            {
                ["job_name"] = Job,
                ["static_configs"] = new JsonArray(new JsonObject { ["targets"] = new JsonArray($"127.0.0.1:{port}") }),
            }),
        }.ToJsonString());
        return config;
    }

    /// <summary>Pending alerts as "name/feature-or-metric", polled until <paramref name="done"/> holds (60 s at most).</summary>
    private static async Task<List<string>> PendingAlertsAsync(LocalPrometheus prometheus, Func<List<string>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var alerts = (await prometheus.ApiAsync("/api/v1/alerts"))["alerts"]!.AsArray()
                .Where(a => (string?)a!["state"] == "pending")
                .Select(a => $"{a!["labels"]!["alertname"]}/{a["labels"]!["feature"] ?? a["labels"]!["metric"]}").ToList();
            if (done(alerts)) return alerts;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Pending alerts after 60 s: {string.Join(", ", alerts)}; rules: {await prometheus.Client.GetStringAsync("/api/v1/rules")}");
            await Task.Delay(500);
        }
    }

    private static CommandResult Publish(ModelProject model, Dictionary<string, string> env, string registry, string baseImage)
    {
        model.Save();
        return DotNet.Run(model.Directory, ["publish", "-c", "Debug", "-nodeReuse:false", "-tl:off", $"-p:ContainerBaseImage={baseImage}",
            $"-p:ContainerRegistry={registry}"], env, TimeSpan.FromMinutes(5));
    }

    /// <summary>Posts the rows (price left out) as one batch, then each row's price × the factor as its /feedback label.</summary>
    private static void Score(string url, string csv, double priceFactor)
    {
        var table = CsvRows.Read(new StringReader(csv), ',', "traffic");
        var price = table.Header.ToList().IndexOf("price");
        var rows = new JsonArray([.. table.Rows.Select(cells => (JsonNode)new JsonObject(table.Header.Select((h, i) => (h, i)).Where(x => x.i != price)
            .Select(x => KeyValuePair.Create(x.h, (JsonNode?)(double.TryParse(cells[x.i], CultureInfo.InvariantCulture, out var d) ? JsonValue.Create(d) : JsonValue.Create(cells[x.i])))))) ]);
        var answer = Post(url + "/predict/batch", rows.ToJsonString());
        var ids = JsonDocument.Parse(answer).RootElement.EnumerateArray().Select(p => p.GetProperty("predictionId").GetString()!).ToList();
        Assert.AreEqual(table.Rows.Count, ids.Count);
        var feedback = new JsonArray([.. ids.Select((id, r) => (JsonNode)new JsonObject
        {
            ["predictionId"] = id,
            ["label"] = Math.Round(double.Parse(table.Rows[r][price]!, CultureInfo.InvariantCulture) * priceFactor, 2),
        })]);
        Post(url + "/feedback", feedback.ToJsonString());
    }

    private static string Post(string url, string json)
    {
        using var response = Http.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json")).Result;
        var body = response.Content.ReadAsStringAsync().Result;
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, $"{url}: {body}");
        return body;
    }

    /// <summary>A sample's value in Prometheus text format; fails when the series is absent.</summary>
    private static double Gauge(string metrics, string series)
    {
        var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal))
            ?? throw new AssertFailedException($"no {series} in /metrics:\n{metrics}");
        return double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }
}
