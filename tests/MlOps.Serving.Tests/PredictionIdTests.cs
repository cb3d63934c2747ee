using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MlOps.Core.Schema;
using MlOps.Serving.Capture;

namespace MlOps.Serving.Tests;

/// <summary>Every answered row has a predictionId: the service's own (unique, URL-safe), or the client's (row id, CSV id column, X-Correlation-Id).</summary>
[TestClass]
public sealed class PredictionIdTests
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
    public async Task GeneratedIdsAreUniqueUrlSafeAndInTheHeaderToo()
    {
        var ids = new HashSet<string>();
        for (var r = 0; r < 20; r++)
        {
            var response = await _server.PostJsonAsync("/predict", _model.Request(r));
            var id = (string)(await ScoringServer.JsonAsync(response))["predictionId"]!;
            Assert.AreEqual(id, response.Headers.GetValues("X-Prediction-Id").Single());
            Assert.AreEqual(Uri.EscapeDataString(id), id, "URL-safe");
            Assert.IsTrue(ids.Add(id), $"{id} twice");
        }
        var batch = await ScoringServer.JsonAsync(await _server.PostJsonAsync("/predict/batch", new JsonArray(_model.Request(0), _model.Request(1))));
        foreach (var item in batch.AsArray()) Assert.IsTrue(ids.Add((string)item!["predictionId"]!));
    }

    [TestMethod]
    public async Task AClientsOwnIdIsKept()
    {
        var row = _model.Request(0);
        row["id"] = "order-17";
        var response = await _server.PostJsonAsync("/predict", row);
        Assert.AreEqual("order-17", (string?)(await ScoringServer.JsonAsync(response))["predictionId"]);
        Assert.AreEqual("order-17", response.Headers.GetValues("X-Prediction-Id").Single());

        var request = new HttpRequestMessage(HttpMethod.Post, "/predict") { Content = new StringContent(_model.Request(1).ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Correlation-Id", "trace-abc");
        Assert.AreEqual("trace-abc", (string?)(await ScoringServer.JsonAsync(await _server.Client.SendAsync(request)))["predictionId"]);

        var numbered = _model.Request(2);
        numbered["id"] = 42;
        var unnamed = _model.Request(3);
        var batch = await ScoringServer.JsonAsync(await _server.PostJsonAsync("/predict/batch", new JsonArray(numbered, unnamed)));
        Assert.AreEqual("42", (string?)batch[0]!["predictionId"]);
        Assert.IsNotNull((string?)batch[1]!["predictionId"], "a row without an id gets one");

        var csv = await _server.PostAsync("/predict/batch", "x1,color,id\n0.5,red,a-1\n1,blue,\n", "text/csv");
        var fromCsv = await ScoringServer.JsonAsync(csv);
        Assert.AreEqual("a-1", (string?)fromCsv[0]!["predictionId"]);
        Assert.AreNotEqual("", (string?)fromCsv[1]!["predictionId"], "an empty id cell gets an id");
    }

    [TestMethod]
    public async Task AnUnusableClientIdIs422WithItsCode()
    {
        foreach (var id in new JsonNode?[] { new string('x', PredictionIds.MaxLength + 1), "two words", "tab\there", "", new JsonObject(), 1.5 })
        {
            var row = _model.Request(0);
            row["id"] = id;
            var response = await _server.PostJsonAsync("/predict", row);
            var problem = await ScoringServer.JsonAsync(response);
            Assert.AreEqual(HttpStatusCode.UnprocessableEntity, response.StatusCode, problem.ToJsonString());
            Assert.AreEqual("MLOPS6030", (string?)problem["code"]);
            Assert.AreEqual("id", (string?)problem["errors"]![0]!["field"]);
        }
        var bad = _model.Request(0);
        bad["id"] = "no spaces please";
        var batch = await _server.PostJsonAsync("/predict/batch", new JsonArray(_model.Request(1), bad));
        var batchProblem = await ScoringServer.JsonAsync(batch);
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, batch.StatusCode);
        Assert.AreEqual(1, (int)batchProblem["errors"]![0]!["row"]!);

        var request = new HttpRequestMessage(HttpMethod.Post, "/predict") { Content = new StringContent(_model.Request(1).ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("X-Correlation-Id", new string('y', 200));
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, (await _server.Client.SendAsync(request)).StatusCode);
    }

    [TestMethod]
    public async Task TheOpenApiDocumentDescribesIdsAndFeedback()
    {
        var openApi = await ScoringServer.JsonAsync(await _server.Client.GetAsync("/openapi.json"));
        var schemas = openApi["components"]!["schemas"]!;
        Assert.AreEqual("string", (string?)schemas["Prediction"]!["properties"]!["predictionId"]!["type"]);
        Assert.AreEqual("string", (string?)schemas["Input"]!["properties"]!["id"]!["type"]);
        Assert.IsNotNull(openApi["paths"]!["/feedback"]!["post"]!["responses"]!["404"]);
        Assert.IsNotNull(openApi["paths"]!["/predict"]!["post"]!["responses"]!["200"]!["headers"]!["X-Prediction-Id"]);
    }
}
