using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlOps.Core.Schema;

namespace MlOps.Serving.Tests;

/// <summary>The endpoints of a binary model, against what the same model.zip gives in-process.</summary>
[TestClass]
public sealed class BinaryScoringTests
{
    private static TrainedModel _model = null!;
    private static ScoringServer _server = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        _model = TrainedModel.For(MlTask.BinaryClassification);
        _server = await ScoringServer.StartAsync(_model.Folder);
    }

    [ClassCleanup]
    public static async Task StopAsync() => await _server.DisposeAsync();

    [TestMethod]
    public async Task PredictGivesWhatTheModelGivesInProcess()
    {
        const int rows = 20;
        var scored = _model.ScoreInProcess(rows);
        var labels = scored.GetColumn<bool>("PredictedLabel").ToArray();
        var probabilities = scored.GetColumn<float>("Probability").ToArray();
        var scores = scored.GetColumn<float>("Score").ToArray();
        for (var r = 0; r < rows; r++)
        {
            var response = await _server.PostJsonAsync("/predict", _model.Request(r));
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, await response.Content.ReadAsStringAsync());
            var json = await ScoringServer.JsonAsync(response);
            Assert.AreEqual(_model.Schema.LabelClasses![labels[r] ? 1 : 0], (string?)json["label"]);
            Assert.AreEqual(probabilities[r], (float)json["probability"]!, 1e-6f);
            Assert.AreEqual(scores[r], (float)json["score"]!, 1e-5f);
        }
    }

    [TestMethod]
    public async Task BatchAsJsonAndAsCsvGivesTheSinglePredictions()
    {
        var single = new JsonArray();
        var batch = new JsonArray();
        var csv = new StringBuilder("flag,color,x1,x 2,unused\n"); // any column order; extra columns ignored
        for (var r = 0; r < 8; r++)
        {
            single.Add(await ScoringServer.JsonAsync(await _server.PostJsonAsync("/predict", _model.Request(r))));
            batch.Add(_model.Request(r));
            string? Cell(string c) => _model.Data.Column(c)[r];
            csv.Append($"{Cell("flag")},{Cell("color")},{Cell("x1")},{Cell("x 2")},zzz\n");
        }
        var fromJson = await _server.PostJsonAsync("/predict/batch", batch);
        Assert.AreEqual(HttpStatusCode.OK, fromJson.StatusCode);
        var withoutIds = ScoringServer.WithoutId(single).ToJsonString();
        Assert.AreEqual(withoutIds, ScoringServer.WithoutId(await ScoringServer.JsonAsync(fromJson)).ToJsonString());
        var fromCsv = await _server.PostAsync("/predict/batch", csv.ToString(), "text/csv");
        Assert.AreEqual(HttpStatusCode.OK, fromCsv.StatusCode, await fromCsv.Content.ReadAsStringAsync());
        Assert.AreEqual(withoutIds, ScoringServer.WithoutId(await ScoringServer.JsonAsync(fromCsv)).ToJsonString());
    }

    [TestMethod]
    public async Task MissingFeaturesAreImputedAndUnknownFieldsIgnored()
    {
        var response = await _server.PostJsonAsync("/predict", new JsonObject { ["x1"] = 0.5, ["not a feature"] = "x" });
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, await response.Content.ReadAsStringAsync());
        var json = await ScoringServer.JsonAsync(response);
        CollectionAssert.Contains(_model.Schema.LabelClasses!.ToArray(), (string?)json["label"]);
        var withNulls = await _server.PostJsonAsync("/predict", new JsonObject { ["x1"] = 0.5, ["color"] = null, ["flag"] = null });
        Assert.AreEqual(ScoringServer.WithoutId(json).ToJsonString(), ScoringServer.WithoutId(await ScoringServer.JsonAsync(withNulls)).ToJsonString());
    }

    [TestMethod]
    public async Task SchemaModelAndOpenApiDescribeTheInput()
    {
        var schema = await ScoringServer.JsonAsync(await _server.Client.GetAsync("/schema"));
        var features = schema["features"]!.AsArray().ToDictionary(f => (string)f!["name"]!, f => f!);
        Assert.AreEqual("numeric", (string?)features["x 2"]["kind"]);
        Assert.AreEqual("boolean", (string?)features["flag"]["kind"]);
        CollectionAssert.AreEquivalent(new[] { "red", "green", "blue" }, features["color"]["categories"]!.AsArray().Select(c => (string)c!).ToArray());
        Assert.IsNotNull(features["x1"]["min"]);
        Assert.IsFalse(features.ContainsKey("target"));

        // manifest.json less its file paths: the build machine's folder layout is nobody's business on the port.
        var manifest = JsonNode.Parse(await _server.Client.GetStringAsync("/model"))!;
        var written = JsonNode.Parse(File.ReadAllText(Path.Combine(_model.Folder, "manifest.json")))!;
        Assert.AreEqual("train.csv", (string?)written["data"]![0]!["path"]);
        written["data"]![0]!.AsObject().Remove("path");
        Assert.IsTrue(JsonNode.DeepEquals(written, manifest), manifest.ToJsonString());

        var openApi = await ScoringServer.JsonAsync(await _server.Client.GetAsync("/openapi.json"));
        StringAssert.StartsWith((string?)openApi["openapi"], "3.");
        var input = openApi["components"]!["schemas"]!["Input"]!["properties"]!;
        Assert.AreEqual("number", (string?)input["x1"]!["type"]);
        Assert.AreEqual("boolean", (string?)input["flag"]!["type"]);
        Assert.AreEqual("string", (string?)input["color"]!["type"]);
        CollectionAssert.IsSubsetOf(new[] { "red", "green", "blue" }, input["color"]!["enum"]!.AsArray().Select(c => (string?)c).ToArray());
        var prediction = openApi["components"]!["schemas"]!["Prediction"]!["properties"]!;
        Assert.AreEqual("number", (string?)prediction["probability"]!["type"]);
        Assert.IsNotNull(openApi["paths"]!["/predict/batch"]!["post"]!["requestBody"]!["content"]!["text/csv"]);
    }

    [TestMethod]
    public async Task MetricsCountOutcomesAndExportDrift()
    {
        for (var r = 0; r < 30; r++) await _server.PostJsonAsync("/predict", _model.Request(r));
        // The drift gauges need MLOPS_DRIFT_MIN_ROWS (100) rows in the window.
        await _server.PostJsonAsync("/predict/batch", new JsonArray([.. Enumerable.Range(0, 100).Select(r => (JsonNode)_model.Request(r))]));
        await _server.PostJsonAsync("/predict", new JsonObject { ["x1"] = "high" });
        var text = await _server.Client.GetStringAsync("/metrics");
        StringAssert.Contains(text, "mlops_predictions_total{model=\"challenger\",outcome=\"success\"}");
        Assert.IsFalse(text.Contains("mlops_predictions_total{model=\"\",outcome=\"client_error\"} 0"), text);
        StringAssert.Contains(text, "mlops_predictions_total{model=\"challenger\",outcome=\"server_error\"} 0");
        StringAssert.Contains(text, "mlops_prediction_duration_seconds_bucket{model=\"challenger\",le=");
        StringAssert.Contains(text, "mlops_http_requests_total{endpoint=\"/predict\",code=\"422\"}");
        StringAssert.Contains(text, "mlops_model_info{model=\"challenger\",version=\"");
        StringAssert.Contains(text, "task=\"BinaryClassification\",trainer=\"");
        foreach (var feature in new[] { "x1", "x 2", "color", "flag" })
            StringAssert.Contains(text, $"mlops_feature_drift_psi{{model=\"challenger\",feature=\"{feature}\"}}");
    }
}
