using System.Globalization;
using System.Text.Json.Nodes;
using MlOps.Core.Diagnostics;

namespace MlOps.Tool.Tests.Rollout;

/// <summary>
/// The decision on Prometheus: a real server (eng/prometheus.sh, 1 s scrapes) scraping loopback endpoints that serve
/// the contract's metric text (docs/rollout.md, "Metrics") as replicas of a service would. Job "churn" has two replicas,
/// the one with more paired rows finding a better challenger, and many client errors (model=""), which are not the
/// challenger's; job "failing" has a challenger with 5% server errors.
/// </summary>
[TestClass]
public sealed class PrometheusEvidenceTests
{
    private const string Window = "10s";
    private static readonly List<TestHttpServer> Replicas = [];
    private static LocalPrometheus _prometheus = null!;
    private static TempDir _dir = null!;

    /// <summary>One replica's /metrics: the gauges as given, the counters and histogram growing by one batch per scrape.</summary>
    private static TestHttpServer Replica(int pairedRows, double estimate, double lower, double upper, int successes, int serverErrors, int clientErrors)
    {
        var scrapes = 0;
        return new TestHttpServer(_ =>
        {
            var n = Interlocked.Increment(ref scrapes);
            string Bound(string bound, double value) => $"mlops_rollout_worse_by{{metric=\"AreaUnderRocCurve\",bound=\"{bound}\"}} {F(value)}";
            var scored = n * (successes + serverErrors);
            return (200, "text/plain; version=0.0.4", string.Join('\n',
                "# TYPE mlops_rollout_paired_rows gauge", $"mlops_rollout_paired_rows {pairedRows}",
                "# TYPE mlops_rollout_worse_by gauge", Bound("estimate", estimate), Bound("lower", lower), Bound("upper", upper),
                "# TYPE mlops_live_metric gauge",
                $"mlops_live_metric{{model=\"champion\",metric=\"AreaUnderRocCurve\"}} {F(0.88)}",
                $"mlops_live_metric{{model=\"challenger\",metric=\"AreaUnderRocCurve\"}} {F(0.88 - estimate)}",
                "# TYPE mlops_predictions_total counter",
                $"mlops_predictions_total{{model=\"challenger\",outcome=\"success\"}} {n * successes}",
                $"mlops_predictions_total{{model=\"challenger\",outcome=\"server_error\"}} {n * serverErrors}",
                $"mlops_predictions_total{{model=\"\",outcome=\"client_error\"}} {n * clientErrors}",
                "# TYPE mlops_prediction_duration_seconds histogram",
                $"mlops_prediction_duration_seconds_bucket{{model=\"challenger\",le=\"0.001\"}} {scored}",
                $"mlops_prediction_duration_seconds_bucket{{model=\"challenger\",le=\"0.01\"}} {scored}",
                $"mlops_prediction_duration_seconds_bucket{{model=\"challenger\",le=\"+Inf\"}} {scored}",
                $"mlops_prediction_duration_seconds_sum{{model=\"challenger\"}} {F(scored * 0.0004)}",
                $"mlops_prediction_duration_seconds_count{{model=\"challenger\"}} {scored}") + "\n");
        });
    }

    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        _dir = new TempDir();
        Replicas.Add(Replica(pairedRows: 400, estimate: -0.03, lower: -0.05, upper: -0.01, successes: 100, serverErrors: 0, clientErrors: 50));
        Replicas.Add(Replica(pairedRows: 30, estimate: 0.2, lower: 0.1, upper: 0.3, successes: 100, serverErrors: 0, clientErrors: 50));
        Replicas.Add(Replica(pairedRows: 400, estimate: -0.03, lower: -0.05, upper: -0.01, successes: 95, serverErrors: 5, clientErrors: 0));
        JsonObject Job(string name, params TestHttpServer[] servers) => new()
        {
            ["job_name"] = name,
            ["static_configs"] = new JsonArray(new JsonObject { ["targets"] = new JsonArray([.. servers.Select(s => (JsonNode)$"127.0.0.1:{s.Port}")]) }),
        };
        // JSON is YAML.
        var config = _dir.Write("prometheus.yml", new JsonObject
        {
            ["global"] = new JsonObject { ["scrape_interval"] = "1s" },
            ["scrape_configs"] = new JsonArray(Job("churn", Replicas[0], Replicas[1]), Job("failing", Replicas[2])),
        }.ToJsonString());
        _prometheus = LocalPrometheus.Start(config);

        // Ready once both jobs have rates: at least two scrapes of every replica.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await _prometheus.ApiAsync($"/api/v1/query?query={Uri.EscapeDataString($"rate(mlops_predictions_total{{outcome=\"success\"}}[{Window}])")}"))["result"]!.AsArray().Count < 3)
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Prometheus did not scrape the replicas: {await _prometheus.Client.GetStringAsync("/api/v1/targets")}");
            await Task.Delay(250);
        }
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        await _prometheus.DisposeAsync();
        foreach (var replica in Replicas) replica.Dispose();
        _dir.Dispose();
    }

    private static Task<ToolRun.Result> DecideAsync(RolloutProject project, string job) =>
        project.DecideAsync(("Evidence", $"prometheus:{_prometheus.Client.BaseAddress}"), ("Job", job), ("Window", Window));

    [TestMethod]
    public async Task TheReplicaWithTheMostPairedRowsDecidesAndClientErrorsAreNotTheChallengers()
    {
        using var project = new RolloutProject();

        var result = await DecideAsync(project, "churn");

        Assert.AreEqual(0, result.Exit, result.Log);
        StringAssert.Contains(result.Log, "MlOps: rollout decision: promote: AreaUnderRocCurve champion 0.88, challenger 0.91 on 400 paired rows: " +
            "worse by -0.03, at most -0.01 at the service's confidence");
        var record = project.Decisions.Single();
        StringAssert.Contains(record.Source, $"replica 127.0.0.1:{Replicas[0].Port}");
        Assert.AreEqual(0.0, record.Evidence.ErrorRate, "client errors (model=\"\") are left out");
        Assert.IsTrue(record.Evidence.P99Seconds is > 0 and <= 0.001, $"p99 from the histogram: {record.Evidence.P99Seconds}");
        Assert.IsNull(record.Evidence.Confidence, "the gauges do not carry the service's confidence");
    }

    [TestMethod]
    public async Task ServerErrorsAboveTheLimitRollBack()
    {
        using var project = new RolloutProject();

        var result = await DecideAsync(project, "failing");

        Assert.AreEqual(4, result.Exit, result.Log);
        StringAssert.Contains(result.Log, "rollback: the challenger's server-error rate is 5%, above MlOpsRolloutMaxErrorRate 1%");
        Assert.AreEqual(0.05, project.Decisions.Single().Evidence.ErrorRate!.Value, 1e-9);
    }

    [TestMethod]
    public async Task AJobPrometheusDoesNotScrapeIsAnError()
    {
        using var project = new RolloutProject();

        var result = await DecideAsync(project, "nobody");

        Assert.AreEqual(1, result.Exit, result.Log);
        StringAssert.Contains(result.Log, $"error {ErrorCodes.RolloutEvidenceUnreadable}: The rollout evidence at {_prometheus.Client.BaseAddress}");
        StringAssert.Contains(result.Log, "Prometheus scrapes no target with job=\"nobody\"");
    }
}
