using System.Text;
using MlOps.Core.Diagnostics;
using MlOps.Tool.Oci;

namespace MlOps.Tool.Tests.Registry;

/// <summary>
/// The registry client against the real loopback docker-registry with token auth (a JWT token server in this
/// process): which secret goes where, a token renewed when it expires, and an identitytoken through the refresh grant.
/// </summary>
[TestClass]
public sealed class TokenRegistryAuthTests
{
    private const string User = "robot";
    private const string Secret = "s3cret-sdk-login";
    private static TokenRegistry _registry = null!;

    [ClassInitialize]
    public static void Start(TestContext _)
    {
        _registry = new TokenRegistry();
        _registry.Tokens.Users[User] = Secret;
    }

    [ClassCleanup]
    public static void Stop() => _registry.Dispose();

    private static OciReference Repo(string name) => new(_registry.Address, name, null, null);

    private static ModelArtifact Artifact(TempDir dir) => ModelArtifact.FromFolder(OciTestModel.Folder(dir), "1.0.0");

    private static bool CarriesTheSecret(string? authorization) =>
        authorization is not null && (authorization.Contains(Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Secret}"))) || authorization.Contains(Secret));

    /// <summary>A Docker config.json with one auths entry, for this registry.</summary>
    private static string DockerConfig(Dictionary<string, string> entry) =>
        System.Text.Json.JsonSerializer.Serialize(new { auths = new Dictionary<string, object> { [_registry.Address] = entry } });

    [TestMethod]
    public async Task TheSdkLoginGoesOnlyToTheRegistriesWePublishTo()
    {
        using var dir = new TempDir();
        using var environment = new RegistryEnvironment(User, Secret);
        var artifact = Artifact(dir);

        using (var ours = RegistryClient.Open(Repo("models/scoped"), push: true, [_registry.Address]))
            await ours.PushAsync(artifact, "1.0.0");
        Assert.IsTrue(_registry.Tokens.Requests.Any(r => CarriesTheSecret(r.Authorization)), "the registry we publish to gets the SDK login");

        _registry.Tokens.Requests.Clear();
        // The same server named as a third-party registry (a baseline's): anonymous pull, the SDK secret never sent.
        Assert.IsNull(RegistryCredentials.For(_registry.Address, ["registry.example.com", "localhost:5000"]));
        using var theirs = RegistryClient.Open(Repo("models/scoped"), push: false, ["registry.example.com"]);
        var pulled = await ArtifactPull.PullAsync(theirs, "1.0.0", Path.Combine(dir.Root, "pulled"));

        Assert.AreEqual(artifact.ManifestDigest, pulled.ManifestDigest);
        Assert.IsTrue(_registry.Tokens.Requests.Count > 0, "the pull went through the token server");
        Assert.IsFalse(_registry.Tokens.Requests.Any(r => r.Authorization is not null || (r.Form ?? "").Contains(Secret)),
            string.Join("\n", _registry.Tokens.Requests.Select(r => $"{r.Method} {r.Authorization}")));
        var refused = await Assert.ThrowsExactlyAsync<MlOpsException>(() => theirs.PushAsync(artifact, "2.0.0"));
        Assert.AreEqual(ErrorCodes.ModelArtifactUnauthorized, refused.Code, "anonymous tokens only pull: the push is refused, not sent with our login");
        Assert.IsFalse(refused.Message.Contains("SDK_CONTAINER_REGISTRY"), "the message names where a login for that registry would come from: " + refused.Message);
    }

    [TestMethod]
    public async Task AnExpiredTokenIsRenewedAndTheRequestRepeated()
    {
        using var dir = new TempDir();
        var artifact = Artifact(dir);
        _registry.Tokens.Lifetime = TimeSpan.FromSeconds(4);
        try
        {
            using var client = new RegistryClient(Repo("models/renew"), push: true, new RegistryCredentials(User, Secret, "test"));
            await client.PushAsync(artifact, "1.0.0");
            var issued = _registry.Tokens.Requests.Count;

            await Task.Delay(TimeSpan.FromSeconds(6));
            var pulled = await ArtifactPull.PullAsync(client, "1.0.0", Path.Combine(dir.Root, "pulled"));

            Assert.AreEqual(artifact.ManifestDigest, pulled.ManifestDigest);
            Assert.AreEqual(issued + 1, _registry.Tokens.Requests.Count, "one new token after the registry refused the expired one");
        }
        finally { _registry.Tokens.Lifetime = TimeSpan.FromMinutes(10); }
    }

    [TestMethod]
    public async Task AnIdentityTokenFromTheDockerConfigGoesThroughTheRefreshGrant()
    {
        using var dir = new TempDir();
        using var environment = new RegistryEnvironment();
        _registry.Tokens.RefreshTokens.Add("refresh-from-az-acr-login");
        var config = environment.DockerConfig(DockerConfig(new()
        {
            ["auth"] = Convert.ToBase64String("00000000-0000-0000-0000-000000000000:"u8), ["identitytoken"] = "refresh-from-az-acr-login",
        }));
        var credentials = RegistryCredentials.FromDockerConfig(_registry.Address, config)!;
        Assert.AreEqual("refresh-from-az-acr-login", credentials.IdentityToken);
        _registry.Tokens.Requests.Clear();

        using (var client = RegistryClient.Open(Repo("models/identity"), push: true, []))
            await client.PushAsync(Artifact(dir), "1.0.0");

        var grants = _registry.Tokens.Requests.Where(r => r.Method == "POST").ToList();
        Assert.AreEqual(1, grants.Count, string.Join("\n", _registry.Tokens.Requests));
        var form = System.Web.HttpUtility.ParseQueryString(grants[0].Form!);
        Assert.AreEqual("refresh_token", form["grant_type"]);
        Assert.AreEqual("refresh-from-az-acr-login", form["refresh_token"]);
        Assert.AreEqual("MlOps.Sdk", form["client_id"]);
        Assert.AreEqual(TokenServer.Service, form["service"]);
        Assert.AreEqual("repository:models/identity:pull,push", form["scope"]);
        Assert.IsNull(grants[0].Authorization, "the refresh token is the credential: no Basic header beside it");

        environment.DockerConfig(DockerConfig(new() { ["identitytoken"] = "revoked" }));
        using var revoked = RegistryClient.Open(Repo("models/identity"), push: false, []);
        var e = await Assert.ThrowsExactlyAsync<MlOpsException>(() => revoked.GetManifestAsync("1.0.0", CancellationToken.None));
        Assert.AreEqual(ErrorCodes.ModelArtifactUnauthorized, e.Code);
        Assert.IsFalse(e.Message.Contains("revoked"), "never the secret: " + e.Message);
    }
}
