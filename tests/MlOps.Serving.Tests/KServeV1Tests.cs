using System.Net;
using System.Text.Json.Nodes;
using MlOps.Core.Diagnostics;
using MlOps.Core.Schema;

namespace MlOps.Serving.Tests;

/// <summary>KServe's v1 data plane (/v1/models/{name}...): the same rows, contract and answers as /predict/batch.</summary>
[TestClass]
public sealed class KServeV1Tests
{
    private const string Name = "churn";
    private static TrainedModel _model = null!;
    private static ScoringServer _server = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        _model = TrainedModel.For(MlTask.BinaryClassification);
        _server = await ScoringServer.StartAsync(_model.Folder, settings: [$"--MlOps:ModelName={Name}"]);
    }

    [ClassCleanup]
    public static async Task StopAsync() => await _server.DisposeAsync();

    private static Task<HttpResponseMessage> PredictAsync(JsonNode body, string name = Name) =>
        _server.PostJsonAsync($"/v1/models/{name}:predict", body);

    /// <summary>Row r as an array of values in the layout's (GET /schema's) feature order.</summary>
    private static async Task<JsonArray> PositionalAsync(int r)
    {
        var features = (await ScoringServer.JsonAsync(await _server.Client.GetAsync("/schema")))["features"]!.AsArray();
        var item = _model.Request(r);
        return [.. features.Select(f => item[(string)f!["name"]!]?.DeepClone())];
    }

    [TestMethod]
    public async Task InstancesAsObjectsOrArraysGiveTheBatchEndpointsPredictions()
    {
        var batch = new JsonArray();
        var objects = new JsonArray();
        var arrays = new JsonArray();
        for (var r = 0; r < 6; r++)
        {
            batch.Add(_model.Request(r));
            objects.Add(_model.Request(r));
            arrays.Add(await PositionalAsync(r));
        }
        var expected = ScoringServer.WithoutId(await ScoringServer.JsonAsync(await _server.PostJsonAsync("/predict/batch", batch))).ToJsonString();
        var before = await _server.MetricsAsync();
        foreach (var instances in new[] { objects, arrays })
        {
            var response = await PredictAsync(new JsonObject { ["instances"] = instances.DeepClone() });
            var text = await response.Content.ReadAsStringAsync();
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, text);
            var predictions = JsonNode.Parse(text)!["predictions"]!;
            Assert.AreEqual(expected, ScoringServer.WithoutId(predictions).ToJsonString(), text);
            Assert.IsTrue(predictions.AsArray().All(p => ((string?)p!["predictionId"])?.Length > 0), "each answer has an id /feedback takes");
        }
        // Counted as every other prediction: 2 requests of 6 rows, by the model that answered.
        const string scored = "mlops_predictions_total{model=\"challenger\",outcome=\"success\"}";
        Assert.AreEqual(12, (await _server.MetricsAsync())[scored] - before[scored]);
    }

    [TestMethod]
    public async Task ReadinessAndListNameTheModel()
    {
        var ready = await _server.Client.GetAsync($"/v1/models/{Name}");
        Assert.AreEqual(HttpStatusCode.OK, ready.StatusCode);
        var json = await ScoringServer.JsonAsync(ready);
        Assert.AreEqual(Name, (string?)json["name"]);
        Assert.IsTrue((bool)json["ready"]!);
        var list = await ScoringServer.JsonAsync(await _server.Client.GetAsync("/v1/models"));
        Assert.AreEqual($"[\"{Name}\"]", list["models"]!.ToJsonString());
    }

    [TestMethod]
    public async Task ReadinessIs503WhileTheModelLoads()
    {
        var release = new TaskCompletionSource();
        await using var server = await ScoringServer.StartAsync(_model.Folder, () => release.Task, waitReady: false);
        var loading = await server.Client.GetAsync("/v1/models/model"); // the default name outside a generated host
        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, loading.StatusCode);
        Assert.IsFalse((bool)(await ScoringServer.JsonAsync(loading))["ready"]!);
        release.SetResult();
        await server.WaitReadyAsync();
        Assert.AreEqual(HttpStatusCode.OK, (await server.Client.GetAsync("/v1/models/model")).StatusCode);
    }

    [TestMethod]
    public async Task AnotherModelNameIs404()
    {
        await AssertProblemAsync(await PredictAsync(new JsonObject { ["instances"] = new JsonArray(_model.Request(0)) }, "other"),
            HttpStatusCode.NotFound, ErrorCodes.KServeModelUnknown);
        await AssertProblemAsync(await _server.Client.GetAsync("/v1/models/other"), HttpStatusCode.NotFound, ErrorCodes.KServeModelUnknown);
    }

    [TestMethod]
    public async Task BadBodiesAre4xxProblems()
    {
        await AssertProblemAsync(await _server.PostAsync($"/v1/models/{Name}:predict", "{\"instances\": ["), HttpStatusCode.BadRequest, ErrorCodes.RequestMalformed);
        await AssertProblemAsync(await PredictAsync(new JsonObject { ["inputs"] = new JsonArray() }), HttpStatusCode.BadRequest, ErrorCodes.KServeBodyInvalid);
        await AssertProblemAsync(await PredictAsync(new JsonArray(_model.Request(0))), HttpStatusCode.BadRequest, ErrorCodes.KServeBodyInvalid);
        await AssertProblemAsync(await PredictAsync(new JsonObject { ["instances"] = "x1=1" }), HttpStatusCode.BadRequest, ErrorCodes.KServeBodyInvalid);
        await AssertProblemAsync(await _server.PostAsync($"/v1/models/{Name}:predict", "instances=1", "application/x-www-form-urlencoded"),
            HttpStatusCode.UnsupportedMediaType, ErrorCodes.RequestUnsupportedMediaType);

        // Values go through the one input contract: a wrong type, a short array and a scalar instance are 422, row by row.
        var wrongType = _model.Request(1);
        wrongType["x1"] = "not a number";
        var shortArray = await PositionalAsync(2);
        shortArray.RemoveAt(0);
        var response = await PredictAsync(new JsonObject { ["instances"] = new JsonArray(_model.Request(0), wrongType, shortArray, 7) });
        var problem = await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, ErrorCodes.RequestInvalidValue);
        var errors = problem["errors"]!.AsArray();
        CollectionAssert.AreEqual(new[] { 1, 2, 3 }, errors.Select(e => (int)e!["row"]!).ToArray(), problem.ToJsonString());
        Assert.AreEqual("x1", (string?)errors[0]!["field"]);
        StringAssert.Contains((string?)errors[1]!["message"], "Expected 4 values");
    }

    [TestMethod]
    public async Task TheOpenApiDocumentDescribesThePaths()
    {
        var document = await ScoringServer.JsonAsync(await _server.Client.GetAsync("/openapi/v1.json"));
        var predict = document["paths"]![$"/v1/models/{{name}}:predict"]!["post"]!;
        Assert.AreEqual($"[\"{Name}\"]", predict["parameters"]![0]!["schema"]!["enum"]!.ToJsonString());
        Assert.IsNotNull(predict["responses"]!["404"]);
        Assert.IsNotNull(document["paths"]![$"/v1/models/{{name}}"]!["get"]);
    }

    private static async Task<JsonNode> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(status, response.StatusCode, text);
        Assert.AreEqual("application/problem+json", response.Content.Headers.ContentType?.MediaType, text);
        var json = JsonNode.Parse(text)!;
        Assert.AreEqual(code, (string?)json["code"], text);
        return json;
    }
}
