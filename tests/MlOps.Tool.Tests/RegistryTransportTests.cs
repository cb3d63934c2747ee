using System.Net;
using MlOps.Core.Diagnostics;
using MlOps.Tool.Oci;

namespace MlOps.Tool.Tests;

/// <summary>The registry client's retries and its token realm rule, on the in-memory registry behind a handler that misbehaves on purpose.</summary>
[TestClass]
public sealed class RegistryTransportTests
{
    private static readonly OciReference Repo = new("registry.test", "models/churn", null, null);

    /// <summary>Answers the queued statuses (or throws for 0: a refused connection) before letting requests through.</summary>
    private sealed class Flaky(FakeRegistry registry, params int[] failures) : DelegatingHandler(registry)
    {
        private readonly Queue<int> _failures = new(failures);
        public int Sent { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Sent++;
            if (!_failures.TryDequeue(out var status)) return base.SendAsync(request, cancellationToken);
            if (status == 0) throw new HttpRequestException("Connection refused (registry.test:443)");
            var response = new HttpResponseMessage((HttpStatusCode)status);
            if (status == 429) response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromMilliseconds(1));
            return Task.FromResult(response);
        }
    }

    private static RegistryClient Client(HttpMessageHandler handler) => new(Repo, push: false, null, handler) { RetryDelay = TimeSpan.FromMilliseconds(5) };

    [TestMethod]
    [DataRow(503)]
    [DataRow(502)]
    [DataRow(504)]
    [DataRow(429)]
    [DataRow(0)]
    public async Task ATransientFailureIsRetriedThenSucceeds(int status)
    {
        var registry = new FakeRegistry();
        registry.Manifests["1.0"] = "{}"u8.ToArray();
        var flaky = new Flaky(registry, status, status);
        using var client = Client(flaky);

        Assert.IsTrue(await client.ManifestExistsAsync("1.0", CancellationToken.None));
        Assert.AreEqual(4, flaky.Sent, "GET /v2/ failed twice, then answered; then the HEAD");
    }

    [TestMethod]
    public async Task ThreeTransientFailuresInARowAreReported()
    {
        var flaky = new Flaky(new FakeRegistry(), 503, 503, 503);
        using var client = Client(flaky);
        var e = await Assert.ThrowsExactlyAsync<MlOpsException>(() => client.ManifestExistsAsync("1.0", CancellationToken.None));
        Assert.AreEqual(ErrorCodes.ModelArtifactRegistryError, e.Code);
        StringAssert.Contains(e.Message, "HTTP 503");
        Assert.AreEqual(3, flaky.Sent);
    }

    [TestMethod]
    [DataRow(400)]
    [DataRow(401)]
    [DataRow(404)]
    public async Task AnAnswerThatWillNotChangeIsNotRetried(int status)
    {
        var flaky = new Flaky(new FakeRegistry(), 200, status);
        using var client = Client(flaky);
        await Assert.ThrowsExactlyAsync<MlOpsException>(() => client.GetManifestAsync("1.0", CancellationToken.None));
        Assert.AreEqual(2, flaky.Sent, $"HTTP {status} is final: the probe, then one GET");
    }

    [TestMethod]
    public async Task AnUploadIsSentWholeAgainOnItsRetry()
    {
        using var dir = new TempDir();
        var artifact = ModelArtifact.FromFolder(OciTestModel.Folder(dir), "1.0.0");
        var registry = new FakeRegistry();
        using var client = Client(new FailingPut(registry));
        await client.PushAsync(artifact, "1.0.0");
        Assert.AreEqual(artifact.Blobs.Count, registry.Blobs.Count, "every blob stored, each hashing to its digest (the fake checks)");
    }

    /// <summary>The first blob PUT reads its whole body, then fails: the retry must send the bytes again from the start.</summary>
    private sealed class FailingPut(FakeRegistry registry) : DelegatingHandler(registry)
    {
        private bool _failed;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (!_failed && request.Method == HttpMethod.Put && request.RequestUri!.AbsolutePath.Contains("/blobs/uploads/"))
            {
                _failed = true;
                await request.Content!.ReadAsByteArrayAsync(cancellationToken);
                return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
            }
            return await base.SendAsync(request, cancellationToken);
        }
    }

    [TestMethod]
    public async Task APlainHttpTokenRealmOffLoopbackIsRefusedAndGetsNothing()
    {
        var registry = new FakeRegistry { BasicUser = "robot:pa55", BearerToken = "tok", Realm = "http://auth.registry.test/token" };
        using var client = new RegistryClient(Repo, push: false, new RegistryCredentials("robot", "pa55", "test"), registry);

        var e = await Assert.ThrowsExactlyAsync<MlOpsException>(() => client.GetManifestAsync("1.0", CancellationToken.None));

        Assert.AreEqual(ErrorCodes.RegistryTokenRealmRefused, e.Code);
        StringAssert.Contains(e.Message, "http://auth.registry.test/token");
        Assert.IsNull(registry.TokenRequest, "nothing was sent to the realm");
    }

    [TestMethod]
    public async Task AFreshTokenIsFetchedWhenTheRegistryRefusesTheOldOne()
    {
        var registry = new FakeRegistry { BasicUser = "robot:pa55", BearerToken = "tok" };
        registry.Manifests["1.0"] = "{}"u8.ToArray();
        var expiring = new ExpiringToken(registry);
        using var client = new RegistryClient(Repo, push: false, new RegistryCredentials("robot", "pa55", "test"), expiring);

        Assert.IsTrue(await client.ManifestExistsAsync("1.0", CancellationToken.None));
        expiring.Expired = true;
        Assert.IsTrue(await client.ManifestExistsAsync("1.0", CancellationToken.None));

        Assert.AreEqual(2, expiring.TokenRequests, "one token at the start, one after the 401");
    }

    /// <summary>Refuses the first Bearer request after <see cref="Expired"/> with a challenge, as a registry does when a token expires.</summary>
    private sealed class ExpiringToken(FakeRegistry registry) : DelegatingHandler(registry)
    {
        public bool Expired { get; set; }
        public int TokenRequests { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath == "/token") { TokenRequests++; Expired = false; }
            else if (Expired && request.Headers.Authorization?.Scheme == "Bearer")
            {
                var refused = new HttpResponseMessage(HttpStatusCode.Unauthorized);
                refused.Headers.WwwAuthenticate.ParseAdd("Bearer realm=\"https://registry.test/token\",service=\"registry.test\",scope=\"repository:models/churn:pull\"");
                return Task.FromResult(refused);
            }
            return base.SendAsync(request, cancellationToken);
        }
    }
}
