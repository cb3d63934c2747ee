using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using MlOps.Core.Diagnostics;
using MlOps.Core.Schema;

namespace MlOps.Serving.Tests;

/// <summary>
/// Who may call what: with an API key file and/or a bearer scheme configured, prediction needs a valid X-API-Key or
/// bearer token (401/403 as problem+json otherwise), while /metrics, /health/*, /schema, /model and /openapi.json stay open.
/// </summary>
[TestClass]
public sealed class CallerAuthorizationTests
{
    private const string Key = "k3y-for-tests-only", OtherKey = "second-key", Issuer = "mlops-test", Audience = "scoring";
    private static readonly byte[] SigningKey = RandomNumberGenerator.GetBytes(32);
    private static TrainedModel _model = null!;

    [ClassInitialize]
    public static void Train(TestContext _) => _model = TrainedModel.For(MlTask.BinaryClassification);

    [TestMethod]
    public async Task WithoutSettingsEveryoneMayPredict()
    {
        await using var server = await ScoringServer.StartAsync(_model.Folder);
        Assert.AreEqual(HttpStatusCode.OK, (await server.PostJsonAsync("/predict", _model.Request(0))).StatusCode);
        var openApi = await ScoringServer.JsonAsync(await server.Client.GetAsync("/openapi.json"));
        Assert.IsNull(openApi["paths"]!["/predict"]!["post"]!["security"]);
        Assert.IsNull(openApi["paths"]!["/predict"]!["post"]!["responses"]!["401"]);
        Assert.IsNotNull(openApi["paths"]!["/predict"]!["post"]!["responses"]!["415"]);
    }

    [TestMethod]
    public async Task AnApiKeyFromTheFileOrItsHashLetsACallerPredict()
    {
        using var file = new KeyFile($"# keys of the scoring service\n{Key}\n\nsha256:{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(OtherKey)))}\n");
        await using var server = await ScoringServer.StartAsync(_model.Folder, settings: [$"--MlOps:ApiKeysFile={file.Path}"]);

        var none = await PredictAsync(server, key: null);
        await AssertProblemAsync(none, HttpStatusCode.Unauthorized, ErrorCodes.RequestUnauthenticated);
        StringAssert.Contains(none.Headers.WwwAuthenticate.ToString(), "X-API-Key");
        await AssertProblemAsync(await PredictAsync(server, "wrong"), HttpStatusCode.Unauthorized, ErrorCodes.RequestUnauthenticated);
        await AssertProblemAsync(await PredictAsync(server, Key[..^1]), HttpStatusCode.Unauthorized, ErrorCodes.RequestUnauthenticated);
        Assert.AreEqual(HttpStatusCode.OK, (await PredictAsync(server, Key)).StatusCode);
        Assert.AreEqual(HttpStatusCode.OK, (await PredictAsync(server, OtherKey)).StatusCode, "a sha256: line holds the key's hash");
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await PredictAsync(server, $"sha256:{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(OtherKey)))}")).StatusCode,
            "the hash itself is no key");

        var batch = new HttpRequestMessage(HttpMethod.Post, "/predict/batch") { Content = new StringContent("x1\n1\n", Encoding.UTF8, "text/csv") };
        await AssertProblemAsync(await server.Client.SendAsync(batch), HttpStatusCode.Unauthorized, ErrorCodes.RequestUnauthenticated);
        var kserve = new JsonObject { ["instances"] = new JsonArray(_model.Request(0)) };
        await AssertProblemAsync(await server.PostJsonAsync("/v1/models/model:predict", kserve), HttpStatusCode.Unauthorized, ErrorCodes.RequestUnauthenticated);

        foreach (var open in new[] { "/metrics", "/health/live", "/health/ready", "/schema", "/model", "/openapi.json", "/openapi/v1.json", "/docs", "/v1/models", "/v1/models/model" })
            Assert.AreEqual(HttpStatusCode.OK, (await server.Client.GetAsync(open)).StatusCode, open);
        var metrics = await server.Client.GetStringAsync("/metrics");
        StringAssert.Contains(metrics, "mlops_http_requests_total{endpoint=\"/predict\",code=\"401\"} 4", "refusals are counted like any answer");
        Assert.IsFalse(metrics.Contains(Key, StringComparison.Ordinal));

        var openApi = await ScoringServer.JsonAsync(await server.Client.GetAsync("/openapi.json"));
        Assert.AreEqual("X-API-Key", (string?)openApi["components"]!["securitySchemes"]!["ApiKey"]!["name"]);
        Assert.IsNotNull(openApi["paths"]!["/predict/batch"]!["post"]!["responses"]!["401"]);
        Assert.AreEqual(1, openApi["paths"]!["/predict"]!["post"]!["security"]!.AsArray().Count);
    }

    /// <summary>Poisoned labels would corrupt the live metrics: once a key is configured, feedback needs one too.</summary>
    [TestMethod]
    public async Task FeedbackWithoutAKeyIsRefusedAndNeverReachesTheLiveMetrics()
    {
        using var file = new KeyFile($"{Key}\n");
        await using var server = await ScoringServer.StartAsync(_model.Folder, settings: [$"--MlOps:ApiKeysFile={file.Path}"]);
        var answer = await ScoringServer.JsonAsync(await PredictAsync(server, Key));
        var feedback = $"{{\"predictionId\":\"{(string?)answer["predictionId"]}\",\"label\":\"{(string?)answer["label"]}\"}}";

        await AssertProblemAsync(await FeedbackAsync(server, feedback, key: null), HttpStatusCode.Unauthorized, ErrorCodes.RequestUnauthenticated);
        await AssertProblemAsync(await FeedbackAsync(server, feedback, "wrong"), HttpStatusCode.Unauthorized, ErrorCodes.RequestUnauthenticated);
        var metrics = await server.MetricsAsync();
        Assert.AreEqual(0, metrics["mlops_live_labeled_rows{model=\"challenger\"}"], "a refused label is not counted");
        Assert.IsFalse(metrics.ContainsKey("mlops_feedback_total{outcome=\"joined\"}") && metrics["mlops_feedback_total{outcome=\"joined\"}"] > 0);

        Assert.AreEqual(HttpStatusCode.OK, (await FeedbackAsync(server, feedback, Key)).StatusCode);
        Assert.AreEqual(1, (await server.MetricsAsync())["mlops_live_labeled_rows{model=\"challenger\"}"]);
        var openApi = await ScoringServer.JsonAsync(await server.Client.GetAsync("/openapi.json"));
        Assert.IsNotNull(openApi["paths"]!["/feedback"]!["post"]!["responses"]!["401"]);
        Assert.AreEqual(1, openApi["paths"]!["/feedback"]!["post"]!["security"]!.AsArray().Count);
    }

    private static Task<HttpResponseMessage> FeedbackAsync(ScoringServer server, string body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/feedback") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (key is not null) request.Headers.Add("X-API-Key", key);
        return server.Client.SendAsync(request);
    }

    [TestMethod]
    public async Task ARotatedKeyFileTakesEffectWithoutARestart()
    {
        using var file = new KeyFile(Key + "\n");
        await using var server = await ScoringServer.StartAsync(_model.Folder, settings: [$"--MlOps:ApiKeysFile={file.Path}"]);
        Assert.AreEqual(HttpStatusCode.OK, (await PredictAsync(server, Key)).StatusCode);
        file.Write(OtherKey + "\n");
        var deadline = DateTime.UtcNow + Security.ApiKeyStore.RecheckInterval * 3;
        while ((await PredictAsync(server, OtherKey)).StatusCode != HttpStatusCode.OK)
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("the new key was not taken up");
            await Task.Delay(200);
        }
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await PredictAsync(server, Key)).StatusCode, "the old key is gone");
        file.Write("\n# emptied by mistake\n");
        await Task.Delay(Security.ApiKeyStore.RecheckInterval * 1.5);
        Assert.AreEqual(HttpStatusCode.OK, (await PredictAsync(server, OtherKey)).StatusCode, "an emptied file keeps the keys read before");
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("# only a comment\n")]
    [DataRow("sha256:abc\n")]
    public void AKeyFileWithoutAKeyStopsTheServiceAtStart(string content)
    {
        using var file = new KeyFile(content);
        var e = Assert.ThrowsExactly<MlOpsException>(() => ScoringHost.Build([$"--MlOps:ApiKeysFile={file.Path}"], _model.Folder, null, null));
        Assert.AreEqual(ErrorCodes.ServingApiKeysUnreadable, e.Code);
        var missing = Assert.ThrowsExactly<MlOpsException>(() => ScoringHost.Build([$"--MlOps:ApiKeysFile={file.Path}.absent"], _model.Folder, null, null));
        Assert.AreEqual(ErrorCodes.ServingApiKeysUnreadable, missing.Code);
    }

    [TestMethod]
    public async Task ABearerTokenFromTheConfiguredIssuerLetsACallerPredict()
    {
        await using var server = await ScoringServer.StartAsync(_model.Folder, settings: BearerSettings());
        Assert.AreEqual(HttpStatusCode.OK, (await PredictAsync(server, token: Token())).StatusCode);
        var none = await PredictAsync(server);
        await AssertProblemAsync(none, HttpStatusCode.Unauthorized, ErrorCodes.RequestUnauthenticated);
        StringAssert.Contains(none.Headers.WwwAuthenticate.ToString(), "Bearer");
        await AssertProblemAsync(await PredictAsync(server, token: Token(signingKey: RandomNumberGenerator.GetBytes(32))), HttpStatusCode.Unauthorized, ErrorCodes.RequestUnauthenticated);
        await AssertProblemAsync(await PredictAsync(server, token: Token(audience: "elsewhere")), HttpStatusCode.Unauthorized, ErrorCodes.RequestUnauthenticated);
        await AssertProblemAsync(await PredictAsync(server, token: Token(expires: DateTime.UtcNow.AddMinutes(-10))), HttpStatusCode.Unauthorized, ErrorCodes.RequestUnauthenticated);
        await AssertProblemAsync(await PredictAsync(server, token: "not.a.token"), HttpStatusCode.Unauthorized, ErrorCodes.RequestUnauthenticated);

        var openApi = await ScoringServer.JsonAsync(await server.Client.GetAsync("/openapi.json"));
        Assert.AreEqual("bearer", (string?)openApi["components"]!["securitySchemes"]!["Bearer"]!["scheme"]);
    }

    [TestMethod]
    public async Task ARequiredScopeIs403WithoutItAndEitherCredentialWorksWhenBothAreConfigured()
    {
        using var file = new KeyFile(Key + "\n");
        await using var server = await ScoringServer.StartAsync(_model.Folder,
            settings: [.. BearerSettings(), $"--MlOps:ApiKeysFile={file.Path}", "--MlOps:RequiredScope=predict"]);
        await AssertProblemAsync(await PredictAsync(server, token: Token()), HttpStatusCode.Forbidden, ErrorCodes.RequestForbidden);
        Assert.AreEqual(HttpStatusCode.OK, (await PredictAsync(server, token: Token(scope: "read predict"))).StatusCode);
        Assert.AreEqual(HttpStatusCode.OK, (await PredictAsync(server, key: Key)).StatusCode, "API keys are not scoped");
        var none = await PredictAsync(server);
        await AssertProblemAsync(none, HttpStatusCode.Unauthorized, ErrorCodes.RequestUnauthenticated);
        var challenge = none.Headers.WwwAuthenticate.ToString();
        Assert.IsTrue(challenge.Contains("ApiKey") && challenge.Contains("Bearer"), challenge);
        var openApi = await ScoringServer.JsonAsync(await server.Client.GetAsync("/openapi.json"));
        Assert.AreEqual(2, openApi["paths"]!["/predict"]!["post"]!["security"]!.AsArray().Count, "either scheme will do");
    }

    private static string[] BearerSettings() =>
    [
        $"--Authentication:Schemes:Bearer:ValidIssuer={Issuer}",
        $"--Authentication:Schemes:Bearer:ValidAudiences:0={Audience}",
        $"--Authentication:Schemes:Bearer:SigningKeys:0:Issuer={Issuer}",
        $"--Authentication:Schemes:Bearer:SigningKeys:0:Value={Convert.ToBase64String(SigningKey)}",
    ];

    private static string Token(byte[]? signingKey = null, string audience = Audience, DateTime? expires = null, string? scope = null)
    {
        var expiry = expires ?? DateTime.UtcNow.AddMinutes(10);
        var claims = new Dictionary<string, object> { ["sub"] = "client-1" };
        if (scope is not null) claims["scope"] = scope;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer, Audience = audience, Claims = claims,
            NotBefore = expiry.AddMinutes(-20), IssuedAt = expiry.AddMinutes(-20), Expires = expiry,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(signingKey ?? SigningKey), SecurityAlgorithms.HmacSha256),
        });
    }

    private static Task<HttpResponseMessage> PredictAsync(ScoringServer server, string? key = null, string? token = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/predict")
        {
            Content = new StringContent(_model.Request(0).ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (key is not null) request.Headers.Add("X-API-Key", key);
        if (token is not null) request.Headers.Authorization = new("Bearer", token);
        return server.Client.SendAsync(request);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(status, response.StatusCode, text);
        Assert.AreEqual("application/problem+json", response.Content.Headers.ContentType?.MediaType, text);
        Assert.AreEqual(code, (string?)JsonNode.Parse(text)!["code"], text);
        Assert.IsFalse(text.Contains(Key, StringComparison.Ordinal), "a key is never echoed");
    }

    private sealed class KeyFile : IDisposable
    {
        public KeyFile(string content)
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"mlops-keys-{Guid.NewGuid():N}.txt");
            Write(content);
        }

        public string Path { get; }

        // A rotated secret arrives as a new file (Kubernetes swaps a symbolic link): write aside, then move over.
        public void Write(string content)
        {
            File.WriteAllText(Path + ".new", content);
            File.Move(Path + ".new", Path, overwrite: true);
        }

        public void Dispose() => File.Delete(Path);
    }
}
