using System.Net;
using System.Text.Json.Nodes;
using MlOps.Core.Schema;

namespace MlOps.Serving.Tests;

/// <summary>Client mistakes: 400 malformed, 422 naming the row and field, 413 over the body limit; never a 500.</summary>
[TestClass]
public sealed class InputValidationTests
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
    [DataRow("/predict", "{\"x1\": 1,")]
    [DataRow("/predict/batch", "[{\"x1\": 1}")]
    [DataRow("/predict/batch", "{\"x1\": 1}")]
    public async Task MalformedJsonIs400(string path, string body)
    {
        var problem = await ProblemAsync(await _server.PostAsync(path, body), HttpStatusCode.BadRequest);
        Assert.AreEqual("MLOPS6010", (string?)problem["code"]);
    }

    [TestMethod]
    [DataRow("x1", "\"high\"", "Expected a number")]
    [DataRow("x 2", "true", "Expected a number")]
    [DataRow("flag", "\"yes\"", "Expected a boolean")]
    [DataRow("color", "[1]", "Expected a category")]
    public async Task AWrongValueIs422NamingTheField(string field, string value, string message)
    {
        var body = $"{{\"x1\": 0.5, {JsonValue.Create(field).ToJsonString()}: {value}}}";
        var problem = await ProblemAsync(await _server.PostAsync("/predict", body), HttpStatusCode.UnprocessableEntity);
        Assert.AreEqual("MLOPS6011", (string?)problem["code"]);
        var error = problem["errors"]!.AsArray().Single()!;
        Assert.AreEqual(field, (string?)error["field"]);
        StringAssert.Contains((string?)error["message"], message);
        StringAssert.Contains((string?)problem["detail"], field);
    }

    [TestMethod]
    public async Task ABatchListsEveryBadRowAndField()
    {
        // An unknown category is scored by default (UnusualInputTests), so only the invalid values are listed.
        var rows = new JsonArray(_model.Request(0), new JsonObject { ["x1"] = "a" }, _model.Request(2),
            new JsonObject { ["color"] = "purple", ["x 2"] = "b", ["flag"] = 3 });
        var problem = await ProblemAsync(await _server.PostJsonAsync("/predict/batch", rows), HttpStatusCode.UnprocessableEntity);
        var errors = problem["errors"]!.AsArray().Select(e => ((int)e!["row"]!, (string)e["field"]!)).ToArray();
        CollectionAssert.AreEqual(new[] { (1, "x1"), (3, "x 2"), (3, "flag") }, errors);

        var csv = "x1,color,flag\n0.5,red,true\nabc,blue,true\n1,teal,maybe\n";
        problem = await ProblemAsync(await _server.PostAsync("/predict/batch", csv, "text/csv"), HttpStatusCode.UnprocessableEntity);
        errors = problem["errors"]!.AsArray().Select(e => ((int)e!["row"]!, (string)e["field"]!)).ToArray();
        CollectionAssert.AreEqual(new[] { (1, "x1"), (2, "flag") }, errors);

        problem = await ProblemAsync(await _server.PostAsync("/predict/batch", "x1,color\n1,red,extra\n", "text/csv"), HttpStatusCode.BadRequest);
        StringAssert.Contains((string?)problem["detail"], "Row 0");
    }

    /// <summary>Regression: a CSV cell "1.0" in a boolean column was 1 in training but 422 from /predict/batch.</summary>
    [TestMethod]
    public async Task ABooleanCellIsTrueFalseOrANumberThatIsExactlyOneOrZero()
    {
        var csv = "x1,x 2,color,flag\n0.5,1,red,1.0\n0.5,1,red,true\n0.5,1,red,0e0\n0.5,1,red,FALSE\n";
        var response = await _server.PostAsync("/predict/batch", csv, "text/csv");
        var text = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, text);
        var predictions = JsonNode.Parse(text)!.AsArray().Select(p => ScoringServer.WithoutId(p!).ToJsonString()).ToArray();
        Assert.AreEqual(predictions[1], predictions[0], "1.0 is true");
        Assert.AreEqual(predictions[3], predictions[2], "0e0 is false");
        Assert.AreNotEqual(predictions[0], predictions[2], "the flag moves the prediction");

        var problem = await ProblemAsync(await _server.PostAsync("/predict/batch", "x1,flag\n0.5,2\n", "text/csv"), HttpStatusCode.UnprocessableEntity);
        Assert.AreEqual("'2' is not a boolean (true or false, or 1 or 0).", (string?)problem["errors"]![0]!["message"]);
    }

    [TestMethod]
    public async Task ABodyOverTheLimitIs413()
    {
        Environment.SetEnvironmentVariable("MLOPS_MAX_BODY_BYTES", "1000");
        ScoringServer small;
        try { small = await ScoringServer.StartAsync(_model.Folder); }
        finally { Environment.SetEnvironmentVariable("MLOPS_MAX_BODY_BYTES", null); }
        await using (small)
        {
            var rows = new JsonArray([.. Enumerable.Range(0, 40).Select(r => (JsonNode)_model.Request(r))]);
            var problem = await ProblemAsync(await small.PostJsonAsync("/predict/batch", rows), HttpStatusCode.RequestEntityTooLarge);
            Assert.AreEqual("MLOPS6012", (string?)problem["code"]);
            // Without a Content-Length (chunked), the limit still holds while reading.
            var chunked = new StreamContent(new NonSeekableStream(new string(' ', 5000) + "[]"));
            chunked.Headers.ContentType = new("application/json");
            // The server answers 413 and closes the connection mid-upload, so the client may see a reset instead of the
            // response (TCP); the server's own count of 413s is what proves the limit held.
            // A fresh connection: the pooled one may be the one the server closed after the first 413, and a write into
            // it would fail before this request ever reached the server.
            using var fresh = new HttpClient { BaseAddress = small.Client.BaseAddress };
            try { Assert.AreEqual(HttpStatusCode.RequestEntityTooLarge, (await fresh.PostAsync("/predict/batch", chunked)).StatusCode); }
            catch (HttpRequestException) { }
            StringAssert.Contains(await small.Client.GetStringAsync("/metrics"), "mlops_http_requests_total{endpoint=\"/predict/batch\",code=\"413\"} 2");
            Assert.AreEqual(HttpStatusCode.OK, (await small.PostJsonAsync("/predict", _model.Request(0))).StatusCode);
        }
    }

    private static async Task<JsonNode> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(expected, response.StatusCode, text);
        Assert.AreEqual("application/problem+json", response.Content.Headers.ContentType?.MediaType, text);
        var problem = JsonNode.Parse(text)!;
        Assert.AreEqual((int)expected, (int)problem["status"]!);
        return problem;
    }

    /// <summary>A body HttpClient cannot measure, so it is sent chunked.</summary>
    private sealed class NonSeekableStream(string text) : MemoryStream(System.Text.Encoding.UTF8.GetBytes(text))
    {
        public override bool CanSeek => false;
    }
}
