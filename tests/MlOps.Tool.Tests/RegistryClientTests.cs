using System.Text;
using MlOps.Core.Artifacts;
using MlOps.Core.Diagnostics;
using MlOps.Tool.Oci;

namespace MlOps.Tool.Tests;

/// <summary>The registry protocol against an in-memory registry: uploads, digest headers, Basic and Bearer auth.</summary>
[TestClass]
public sealed class RegistryClientTests
{
    private static readonly OciReference Repo = new("registry.test", "models/churn", null, null);

    private static ModelArtifact Artifact(TempDir dir) => ModelArtifact.FromFolder(OciTestModel.Folder(dir), "1.0.0");

    private static (FakeRegistry, RegistryClient) Anonymous()
    {
        var registry = new FakeRegistry();
        return (registry, new RegistryClient(Repo, push: true, null, registry));
    }

    [TestMethod]
    public async Task PushUploadsMissingBlobsThenTheManifestAndSkipsWhatIsThere()
    {
        using var dir = new TempDir();
        var artifact = Artifact(dir);
        var (registry, client) = Anonymous();
        using var _ = client;

        Assert.AreEqual(artifact.Blobs.Count, await client.PushAsync(artifact, "1.0.0"));
        CollectionAssert.AreEqual(artifact.ManifestBytes, registry.Manifests["1.0.0"]);
        Assert.IsTrue(registry.Log.Any(l => l.StartsWith("PUT /v2/models/churn/blobs/uploads/", StringComparison.Ordinal) && l.Contains("_state=x&digest=sha256%3A")),
            "monolithic upload: PUT to the Location with the digest appended to its query\n" + string.Join("\n", registry.Log));
        Assert.AreEqual(0, await client.PushAsync(artifact, "1.0.0"), "second push: every blob HEADs as present");

        var pulled = await ArtifactPull.PullAsync(client, "1.0.0", Path.Combine(dir.Root, "pulled"));
        Assert.AreEqual(artifact.ManifestDigest, pulled.ManifestDigest);
    }

    [TestMethod]
    public async Task PullFromARegistryRejectsATamperedBlobAndAWrongDigestHeader()
    {
        using var dir = new TempDir();
        var artifact = Artifact(dir);
        var (registry, client) = Anonymous();
        using var _ = client;
        await client.PushAsync(artifact, "1.0.0");

        var metrics = artifact.Manifest.Layers.Single(l => l.Title == ArtifactFiles.Metrics).Digest;
        registry.Blobs[metrics] = Encoding.UTF8.GetBytes("""{"rSquared":0.1}""");
        var e = await Assert.ThrowsExactlyAsync<MlOpsException>(() => ArtifactPull.PullAsync(client, "1.0.0", Path.Combine(dir.Root, "a")));
        Assert.AreEqual(ErrorCodes.ModelArtifactDigestMismatch, e.Code);
        StringAssert.Contains(e.Message, "metrics.json");

        // A registry serving other bytes under a digest than it claims.
        registry.Manifests["1.0.0"] = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(artifact.ManifestBytes).Replace("1.0.0", "6.6.6"));
        registry.Manifests[artifact.ManifestDigest] = registry.Manifests["1.0.0"];
        e = await Assert.ThrowsExactlyAsync<MlOpsException>(() => ArtifactPull.PullAsync(client, artifact.ManifestDigest, Path.Combine(dir.Root, "b")));
        Assert.AreEqual(ErrorCodes.ModelArtifactDigestMismatch, e.Code);
    }

    [TestMethod]
    public async Task BearerFlowFetchesAScopedTokenWithTheLoginThenUsesIt()
    {
        using var dir = new TempDir();
        var artifact = Artifact(dir);
        var registry = new FakeRegistry { BasicUser = "robot:pa55", BearerToken = "tok-123" };
        using var client = new RegistryClient(Repo, push: true, new RegistryCredentials("robot", "pa55", "test"), registry);

        await client.PushAsync(artifact, "1.0.0");

        Assert.AreEqual("?service=registry.test&scope=repository%3Amodels%2Fchurn%3Apull%2Cpush", registry.TokenRequest);
        Assert.IsTrue(registry.Log.Skip(2).All(l => l.EndsWith(" Bearer", StringComparison.Ordinal)), string.Join("\n", registry.Log));
        Assert.IsTrue(registry.Manifests.ContainsKey("1.0.0"));
    }

    [TestMethod]
    public async Task WrongOrMissingCredentialsSayWhereTheyComeFromAndNeverTheSecret()
    {
        using var dir = new TempDir();
        var artifact = Artifact(dir);
        foreach (var bearer in new[] { false, true })
        {
            var registry = new FakeRegistry { BasicUser = "robot:right", BearerToken = bearer ? "tok" : null };
            using var wrong = new RegistryClient(Repo, push: true, new RegistryCredentials("robot", "s3cr3t-wrong", RegistryCredentials.UserVariable + "/" + RegistryCredentials.PasswordVariable), registry);
            var e = await Assert.ThrowsExactlyAsync<MlOpsException>(() => wrong.PushAsync(artifact, "1.0.0"));
            Assert.AreEqual(ErrorCodes.ModelArtifactUnauthorized, e.Code);
            StringAssert.Contains(e.Message, "registry.test");
            StringAssert.Contains(e.Message, "models/churn");
            StringAssert.Contains(e.Message, "SDK_CONTAINER_REGISTRY_UNAME");
            Assert.IsFalse(e.Message.Contains("s3cr3t-wrong"), e.Message);
            Assert.IsFalse(e.Message.Contains(Convert.ToBase64String(Encoding.UTF8.GetBytes("robot:s3cr3t-wrong"))), e.Message);
            Assert.IsFalse(registry.Log.Any(l => l.StartsWith("POST", StringComparison.Ordinal)), "nothing is uploaded before the login is known to work");
        }
        using var anonymous = new RegistryClient(Repo, push: true, null, new FakeRegistry { BasicUser = "robot:right" });
        var missing = await Assert.ThrowsExactlyAsync<MlOpsException>(() => anonymous.PushAsync(artifact, "1.0.0"));
        Assert.AreEqual(ErrorCodes.ModelArtifactUnauthorized, missing.Code);
        StringAssert.Contains(missing.Message, "none was found");
    }

    [TestMethod]
    public void CredentialsComeFromTheDockerConfigAuthsEntry()
    {
        using var dir = new TempDir();
        var config = dir.Write("config.json", $$$"""
            {"auths": {
              "https://other.example/v1/": {"auth": "{{{Convert.ToBase64String("x:y"u8)}}}"},
              "http://localhost:5000": {"auth": "{{{Convert.ToBase64String("robot:pa:ss"u8)}}}"}
            }}
            """);
        var found = RegistryCredentials.FromDockerConfig("localhost:5000", config)!;
        Assert.AreEqual("robot", found.UserName);
        Assert.AreEqual("pa:ss", found.Password, "only the first colon separates user and password");
        Assert.IsFalse(found.ToString().Contains("pa:ss"), "ToString never shows the secret");
        Assert.IsNull(RegistryCredentials.FromDockerConfig("localhost:5001", config));
        var broken = dir.Write("broken.json", "{ not json");
        Assert.AreEqual(ErrorCodes.ModelArtifactCredentialsUnreadable, Assert.ThrowsExactly<MlOpsException>(() => RegistryCredentials.FromDockerConfig("x.io", broken)).Code);
    }

    [TestMethod]
    public async Task AnUnreachableRegistryIsAClearError()
    {
        var port = MlOps.Core.IO.ProcessProbe.FreeLoopbackPort();
        using var client = new RegistryClient(new OciReference($"127.0.0.1:{port}", "m", "1", null), push: false, null);
        var e = await Assert.ThrowsExactlyAsync<MlOpsException>(() => client.GetManifestAsync("1", CancellationToken.None));
        Assert.AreEqual(ErrorCodes.ModelArtifactRegistryUnreachable, e.Code);
        StringAssert.Contains(e.Message, $"http://127.0.0.1:{port}/v2/");
    }

    [TestMethod]
    public async Task ARegistryThatNeverAnswersIsUnreachableAfterTheShortTimeout()
    {
        // Accepts the connection and says nothing: only the client's own timeout ends the wait.
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
        using var client = new RegistryClient(new OciReference($"127.0.0.1:{port}", "m", "1", null), push: false, null) { Timeout = TimeSpan.FromSeconds(2) };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var e = await Assert.ThrowsExactlyAsync<MlOpsException>(() => client.ManifestExistsAsync("1", CancellationToken.None));
        Assert.AreEqual(ErrorCodes.ModelArtifactRegistryUnreachable, e.Code);
        StringAssert.Contains(e.Message, "no answer within 2 seconds");
        Assert.IsTrue(clock.Elapsed < TimeSpan.FromSeconds(10), $"one request, one timeout: {clock.Elapsed}");
    }

    [TestMethod]
    public async Task ManifestExistsAsksForEveryImageMediaTypeAndSays404AsFalse()
    {
        var registry = new FakeRegistry();
        using var client = new RegistryClient(Repo, push: false, null, registry);
        Assert.IsFalse(await client.ManifestExistsAsync("10.0", CancellationToken.None));
        var accept = registry.LastAccept;
        foreach (var type in new[] { OciMediaTypes.ImageManifest, OciMediaTypes.ImageIndex, OciMediaTypes.DockerManifest, OciMediaTypes.DockerManifestList })
            StringAssert.Contains(accept, type);
        registry.Manifests["10.0"] = "{}"u8.ToArray();
        Assert.IsTrue(await client.ManifestExistsAsync("10.0", CancellationToken.None));
    }
}
