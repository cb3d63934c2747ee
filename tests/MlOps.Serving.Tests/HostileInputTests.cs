using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MlOps.Core.Schema;

namespace MlOps.Serving.Tests;

/// <summary>
/// What a new user (or a scanner) sends: bodies of the wrong media type are 415, a lone UTF-16 surrogate is 400, and no
/// odd body on any POST endpoint the OpenAPI document lists is ever a 5xx.
/// </summary>
[TestClass]
public sealed class HostileInputTests
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
    [DataRow("/predict", "application/xml")]
    [DataRow("/predict", "text/csv")]
    [DataRow("/predict", "application/x-www-form-urlencoded")]
    [DataRow("/predict/batch", "application/xml")]
    [DataRow("/predict/batch", "text/plain")]
    [DataRow("/predict/batch", "multipart/form-data; boundary=x")]
    public async Task ANonJsonMediaTypeIs415(string path, string mediaType)
    {
        var body = path == "/predict" ? _model.Request(0).ToJsonString() : new JsonArray(_model.Request(0)).ToJsonString();
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
        var response = await _server.Client.PostAsync(path, content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.UnsupportedMediaType, response.StatusCode, text);
        Assert.AreEqual("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.AreEqual("MLOPS6040", (string?)JsonNode.Parse(text)!["code"]);
    }

    [TestMethod]
    [DataRow("/predict", "application/json; charset=utf-8")]
    [DataRow("/predict", "application/vnd.mlops+json")]
    [DataRow("/predict", null)]
    [DataRow("/predict/batch", "APPLICATION/JSON")]
    [DataRow("/predict/batch", null)]
    public async Task JsonMediaTypesAndNoneAreScored(string path, string? mediaType)
    {
        var body = path == "/predict" ? _model.Request(0).ToJsonString() : new JsonArray(_model.Request(0)).ToJsonString();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (mediaType is not null) content.Headers.TryAddWithoutValidation("Content-Type", mediaType);
        var response = await _server.Client.PostAsync(path, content);
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [TestMethod]
    [DataRow("/predict", "{\"color\": \"\\ud800\"}")]
    [DataRow("/predict", "{\"x1\": 1, \"\\udc00x\": 2}")]
    [DataRow("/predict", "{\"x1\": 1, \"note\": [\"ok\", \"\\ud800\\u0041\"]}")]
    [DataRow("/predict/batch", "[{\"x1\": 1}, {\"color\": \"red\\udfff\"}]")]
    public async Task ALoneSurrogateIs400(string path, string body)
    {
        var response = await _server.PostAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode, text);
        Assert.AreEqual("MLOPS6010", (string?)JsonNode.Parse(text)!["code"]);
        StringAssert.Contains(text, "surrogate");
    }

    [TestMethod]
    public async Task APairedSurrogateIsText() =>
        // "\ud83d\ude00" is one character (an emoji): an unknown category, scored.
        Assert.AreEqual(HttpStatusCode.OK, (await _server.PostAsync("/predict", "{\"color\": \"\\ud83d\\ude00\"}")).StatusCode);

    /// <summary>Odd bodies, each to every POST endpoint in /openapi.json (so endpoints added later are covered) as JSON,
    /// with no type, and as CSV: any answer but a 5xx.</summary>
    [TestMethod]
    public async Task NoOddBodyIsA5xx()
    {
        var openApi = await ScoringServer.JsonAsync(await _server.Client.GetAsync("/openapi.json"));
        // A path parameter gets the one value the service takes (KServe's model name), so the body is what is tested.
        var posts = openApi["paths"]!.AsObject().Where(p => p.Value!["post"] is not null).Select(p => p.Key.Replace("{name}", "model", StringComparison.Ordinal)).ToList();
        CollectionAssert.IsSubsetOf(new[] { "/predict", "/predict/batch", "/v1/models/model:predict" }, posts);
        var failures = new List<string>();
        var count = 0;
        foreach (var path in posts)
            foreach (var (name, body) in OddBodies())
                foreach (var mediaType in new[] { "application/json", null, "text/csv" })
                {
                    var content = new ByteArrayContent(body);
                    if (mediaType is not null) content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
                    var response = await _server.Client.PostAsync(path, content);
                    count++;
                    if ((int)response.StatusCode >= 500)
                        failures.Add($"{path} {name} as {mediaType ?? "no type"}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
        Assert.IsGreaterThan(100, count);
        Assert.IsEmpty(failures, string.Join("\n", failures));
    }

    private static IEnumerable<(string Name, byte[] Body)> OddBodies()
    {
        (string, byte[]) Text(string name, string body) => (name, Encoding.UTF8.GetBytes(body));
        yield return ("empty", []);
        yield return Text("whitespace", "   \n");
        yield return Text("null", "null");
        yield return Text("number", "42");
        yield return Text("string", "\"x1\"");
        yield return Text("empty object", "{}");
        yield return Text("empty array", "[]");
        yield return Text("array of arrays", "[[1, 2], [3]]");
        yield return Text("array of nulls", "[null, null]");
        yield return Text("nulls", "{\"x1\": null, \"x 2\": null, \"color\": null, \"flag\": null}");
        yield return Text("huge numbers", "{\"x1\": 1e400, \"x 2\": -1e400}");
        yield return Text("huge batch numbers", "[{\"x1\": 123456789012345678901234567890e300}]");
        yield return Text("tiny number", "{\"x1\": 1e-400}");
        yield return Text("NaN strings", "{\"x1\": \"NaN\", \"x 2\": \"Infinity\", \"flag\": \"NaN\"}");
        yield return Text("bare NaN", "{\"x1\": NaN}");
        yield return Text("deep nesting", new string('[', 5000) + new string(']', 5000));
        yield return Text("deep object", string.Concat(Enumerable.Repeat("{\"a\":", 2000)) + "1" + new string('}', 2000));
        yield return Text("lone surrogate", "{\"color\": \"\\ud800\"}");
        yield return Text("lone surrogate name", "[{\"\\udbff\": 1}]");
        yield return ("BOM", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("{\"x1\": 1}")]);
        yield return ("UTF-16 BOM", [0xFF, 0xFE, .. Encoding.Unicode.GetBytes("{\"x1\": 1}")]);
        yield return ("invalid UTF-8", [.. Encoding.UTF8.GetBytes("{\"color\": \""), 0xC3, 0x28, 0xFF, .. Encoding.UTF8.GetBytes("\"}")]);
        yield return ("invalid UTF-8 CSV", [.. Encoding.UTF8.GetBytes("x1,color\n1,"), 0xFF, 0xFE, 0x80, (byte)'\n']);
        yield return ("NUL bytes", [0, 0, 0, 0]);
        yield return Text("duplicate fields", "{\"x1\": 1, \"x1\": \"a\"}");
        yield return Text("wrong kinds", "{\"x1\": {}, \"x 2\": [], \"color\": {\"a\": 1}, \"flag\": [true]}");
        yield return Text("mixed batch", "[{\"x1\": 1}, 2, \"x\", null, [], {}]");
        yield return Text("feedback-like", "{\"predictionId\": null, \"label\": {\"x\": [1]}}");
        yield return Text("feedback array", "[{\"predictionId\": 1e400, \"label\": \"\\ud800\"}, {}]");
        yield return Text("CSV quotes", "x1,color\n\"1,\"\"\n");
        yield return Text("CSV ragged", "x1,color\n1\n2,red,extra\n");
        yield return Text("long string", "{\"color\": \"" + new string('z', 200_000) + "\"}");
        yield return Text("many fields", "{" + string.Join(",", Enumerable.Range(0, 5000).Select(i => $"\"f{i}\": {i}")) + "}");
        yield return Text("truncated", "[{\"x1\": 1}, {\"x1\"");
        yield return Text("trailing garbage", "{\"x1\": 1} xyz");
        yield return Text("comments", "{/* c */ \"x1\": 1}");
    }
}
