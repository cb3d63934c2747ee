using System.Net;
using System.Reflection;
using System.Text.Json.Nodes;
using MlOps.Core.Schema;

// What a generated host declares (Host.csproj): read back by ScoringHost.ModelVersionOf below.
[assembly: AssemblyMetadata("MlOpsModelVersion", "9.8.7-test")]

namespace MlOps.Serving.Tests;

/// <summary>
/// /metrics of a real server on its own model instance, after a known set of requests: the model's identity
/// (version and SHA-256 apart), requests by route and status code, and the standard process and .NET series.
/// </summary>
[TestClass]
public sealed class MetricsEndpointTests
{
    private const string Version = "2.5.0";
    private static TrainedModel _model = null!;
    private static ScoringServer _server = null!;
    private static Dictionary<string, double> _series = null!;

    [ClassInitialize]
    public static async Task StartAndScrapeAsync(TestContext _)
    {
        _model = TrainedModel.For(MlTask.BinaryClassification);
        _server = await ScoringServer.StartAsync(_model.Folder, modelVersion: Version);
        for (var r = 0; r < 3; r++) Assert.AreEqual(HttpStatusCode.OK, (await _server.PostJsonAsync("/predict", _model.Request(r))).StatusCode);
        for (var r = 0; r < 2; r++) Assert.AreEqual(HttpStatusCode.BadRequest, (await _server.PostAsync("/predict", "{not json")).StatusCode);
        Assert.AreEqual(HttpStatusCode.OK, (await _server.PostJsonAsync("/predict/batch", new JsonArray(_model.Request(0), _model.Request(1)))).StatusCode);
        Assert.AreEqual(HttpStatusCode.NotFound, (await _server.Client.GetAsync("/no/such/path/" + Guid.NewGuid())).StatusCode);
        _series = await _server.MetricsAsync();
    }

    [ClassCleanup]
    public static async Task StopAsync() => await _server.DisposeAsync();

    private static double Series(string key) =>
        _series.TryGetValue(key, out var value) ? value : throw new AssertFailedException($"no series {key} in:\n{string.Join('\n', _series.Keys)}");

    [TestMethod]
    public void RequestsAreCountedByRouteAndStatusCode()
    {
        Assert.AreEqual(3, Series("mlops_http_requests_total{endpoint=\"/predict\",code=\"200\"}"));
        Assert.AreEqual(2, Series("mlops_http_requests_total{endpoint=\"/predict\",code=\"400\"}"));
        Assert.AreEqual(1, Series("mlops_http_requests_total{endpoint=\"/predict/batch\",code=\"200\"}"));
        // A raw path never becomes a label value: unknown URLs share one series.
        Assert.AreEqual(1, Series("mlops_http_requests_total{endpoint=\"unmatched\",code=\"404\"}"));
        Assert.IsFalse(_series.Keys.Any(k => k.Contains("/no/such/path", StringComparison.Ordinal)));
        Assert.IsTrue(Series("mlops_http_requests_total{endpoint=\"/health/ready\",code=\"200\"}") >= 1, "the readiness probe counts too");
    }

    /// <summary>The latency alert's source: one observation per response, by route, in buckets from 0.5 ms.</summary>
    [TestMethod]
    public void RequestDurationIsAHistogramByRoute()
    {
        Assert.AreEqual(5, Series("mlops_http_request_duration_seconds_count{endpoint=\"/predict\"}"), "3 answers and 2 refusals");
        Assert.AreEqual(1, Series("mlops_http_request_duration_seconds_count{endpoint=\"/predict/batch\"}"));
        Assert.AreEqual(1, Series("mlops_http_request_duration_seconds_count{endpoint=\"unmatched\"}"));
        var sum = Series("mlops_http_request_duration_seconds_sum{endpoint=\"/predict\"}");
        Assert.IsTrue(sum > 0 && sum < 60, $"sum {sum} s");
        Assert.AreEqual(5, Series("mlops_http_request_duration_seconds_bucket{endpoint=\"/predict\",le=\"+Inf\"}"));
        Assert.IsTrue(_series.ContainsKey("mlops_http_request_duration_seconds_bucket{endpoint=\"/predict\",le=\"0.0005\"}"));
    }

    [TestMethod]
    public void ModelInfoNamesTheVersionAndTheSha256Apart()
    {
        var sha256 = (string)JsonNode.Parse(File.ReadAllText(Path.Combine(_model.Folder, "manifest.json")))!["modelSha256"]!;
        var trainer = (string)JsonNode.Parse(File.ReadAllText(Path.Combine(_model.Folder, "manifest.json")))!["bestTrainer"]!["trainer"]!;
        Assert.AreEqual(1, Series($"mlops_model_info{{model=\"challenger\",version=\"{Version}\",sha256=\"{sha256}\",task=\"BinaryClassification\",trainer=\"{trainer}\"}}"));
        Assert.AreEqual(1, _series.Keys.Count(k => k.StartsWith("mlops_model_info", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void TheGeneratedHostsVersionIsReadFromItsAssembly()
    {
        Assert.AreEqual("9.8.7-test", ScoringHost.ModelVersionOf(typeof(MetricsEndpointTests).Assembly));
        Assert.IsNull(ScoringHost.ModelVersionOf(typeof(object).Assembly), "no metadata, no version");
    }

    [TestMethod]
    public void ProcessAndRuntimeMetricsAreExported()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var started = Series("process_start_time_seconds");
        Assert.IsTrue(started > now - 3600 && started <= now + 1, $"process_start_time_seconds {started} vs now {now}");
        Assert.IsTrue(Series("process_working_set_bytes") > 10e6, "a .NET process uses more than 10 MB");
        Assert.IsTrue(Series("process_cpu_seconds_total") > 0);
        Assert.IsTrue(Series("process_num_threads") >= 1);
        Assert.IsTrue(Series("dotnet_total_memory_bytes") > 0);
        Assert.IsTrue(_series.ContainsKey("dotnet_collection_count_total{generation=\"0\"}"), "GC counts by generation");
    }
}
