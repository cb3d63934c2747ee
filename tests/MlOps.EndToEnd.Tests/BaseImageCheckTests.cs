using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using MlOps.Core.IO;
using MlOps.EndToEnd.Tests.Infrastructure;
using MlOps.Tool.Oci;

namespace MlOps.EndToEnd.Tests;

/// <summary>
/// `dotnet publish` checks the scoring image's base image before the .NET SDK's PublishContainer: a registry that
/// cannot be reached, a repository or tag that does not exist and a refused login each give one MLOPS5004 naming the
/// image, the registry and what to set, with no SDK stack trace (MSB4018); a login from the environment still publishes.
/// Real loopback registries (eng/containers/registry.sh, one with htpasswd auth); one model, trained by the first publish.
/// </summary>
[TestClass]
public sealed class BaseImageCheckTests
{
    private const string User = "mlops", Password = "Base-Pa55word";
    private static readonly string State = Path.Combine(Path.GetTempPath(), $"mlops-base-{Environment.ProcessId}-{Guid.NewGuid():N}"[..30]);
    private static LocalRegistry _open = null!, _secured = null!;
    private static string _openBase = "", _securedBase = "";
    private static ModelProject _model = null!;

    [ClassInitialize]
    public static void StartRegistries(TestContext _)
    {
        Directory.CreateDirectory(State);
        _open = LocalRegistry.Start(State);
        _openBase = _open.PushBaseImage();
        _secured = LocalRegistry.Start(State, $"{User}:{Password}");
        _securedBase = _secured.PushBaseImage();
        _model = ModelProject.CreateSynthetic("baseimage", rows: 200, seed: 2).Set("MlOpsMaxTrials", "2").Set("Version", "3.0.1");
        _model.Save();
        SdkFeed.WriteNuGetConfig(_model.Directory);
    }

    [ClassCleanup]
    public static void StopRegistries()
    {
        _open?.Dispose();
        _secured?.Dispose();
        try { Directory.Delete(State, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>A publish with this base image; no Docker config of the machine's, and only the logins given.</summary>
    private static CommandResult Publish(string baseImage, string? registry, IDictionary<string, string>? login = null)
    {
        var env = new Dictionary<string, string> { ["DOCKER_CONFIG"] = Path.Combine(State, "no-docker-config") };
        foreach (var (key, value) in login ?? new Dictionary<string, string>()) env[key] = value;
        string[] target = registry is null ? [] : [$"-p:ContainerRegistry={registry}"];
        return DotNet.Run(_model.Directory, ["publish", "-c", "Debug", "-nodeReuse:false", "-tl:off", "-p:MlOpsPublishPackage=false",
            "-p:MlOpsPublishArtifact=false", $"-p:ContainerBaseImage={baseImage}", .. target], env, TimeSpan.FromMinutes(5));
    }

    /// <summary>One MLOPS5004 (the console logger repeats errors in its summary: one distinct line), no other error, no stack trace.</summary>
    private static string AssertOneClearError(CommandResult result, params string[] fragments)
    {
        var line = BuildAssert.FailedWith(result, "MLOPS5004", ["Model.csproj", .. fragments]);
        var errors = result.Output.Split('\n').Select(l => l.Trim()).Where(l => l.Contains(": error ", StringComparison.Ordinal)).Distinct().ToList();
        Assert.AreEqual(1, errors.Count, "exactly one error:\n" + result.Output);
        Assert.IsFalse(result.Output.Contains("MSB4018", StringComparison.Ordinal), "the SDK's container task crashed:\n" + result.Output);
        Assert.IsFalse(result.Output.Split('\n').Any(l => l.StartsWith("   at System.", StringComparison.Ordinal)), "a stack trace:\n" + result.Output);
        Assert.IsFalse(Regex.IsMatch(result.Output, @"CONTAINER\d{4}"), "PublishContainer ran:\n" + result.Output);
        StringAssert.Contains(line, "ContainerBaseImage (or MlOpsContainerBaseImage)");
        Console.WriteLine(line.Trim());
        return line;
    }

    [TestMethod]
    public void AnUnreachableRegistryIsOneClearError()
    {
        // A free loopback port nobody listens on: connection refused, at once.
        var closed = $"localhost:{ProcessProbe.FreeLoopbackPort()}";
        var image = $"{closed}/mlops/aspnet:10.0";
        AssertOneClearError(Publish(image, registry: null), $"'{image}'", $"registry {closed}", "Cannot reach");
    }

    [TestMethod]
    public void AMissingRepositoryOrTagIsOneClearError()
    {
        var noRepository = $"{_open.Address}/mlops/no-such-image:10.0";
        AssertOneClearError(Publish(noRepository, registry: null), $"'{noRepository}'", $"registry {_open.Address}", "HTTP 404", "mlops/no-such-image");
        var noTag = _openBase[.._openBase.LastIndexOf(':')] + ":0.0-missing";
        AssertOneClearError(Publish(noTag, registry: null), $"'{noTag}'", "HTTP 404", "'0.0-missing'");
    }

    [TestMethod]
    public void ARefusedLoginIsOneClearErrorThatNamesTheVariables()
    {
        // Pushing to the same registry: the SDK pulls the base with the push login, SDK_CONTAINER_REGISTRY_UNAME/PWORD.
        var none = AssertOneClearError(Publish(_securedBase, _secured.Address), $"'{_securedBase}'", $"registry {_secured.Address}",
            "needs a login and none was found", "SDK_CONTAINER_REGISTRY_UNAME/SDK_CONTAINER_REGISTRY_PWORD");
        const string wrong = "Wr0ng-Base-Secret";
        var refused = Publish(_securedBase, _secured.Address, Login("SDK_CONTAINER_REGISTRY", wrong));
        AssertOneClearError(refused, "HTTP 401", "credentials from SDK_CONTAINER_REGISTRY_UNAME/SDK_CONTAINER_REGISTRY_PWORD");
        Assert.IsFalse(refused.Output.Contains(wrong, StringComparison.Ordinal) || none.Contains(Password, StringComparison.Ordinal), "a secret in the log");

        // Writing an archive instead, the SDK reads only the pull login for the base image: say so.
        var archive = Publish(_securedBase, registry: null, Login("SDK_CONTAINER_REGISTRY", Password));
        AssertOneClearError(archive, "needs a login and none was found", "DOTNET_CONTAINER_PULL_REGISTRY_UNAME/DOTNET_CONTAINER_PULL_REGISTRY_PWORD",
            "serve a base image only on the registry the image is pushed to");
    }

    [TestMethod]
    public void ALoginFromTheEnvironmentPullsTheBaseAndPushes()
    {
        var result = Publish(_securedBase, _secured.Address, Login("SDK_CONTAINER_REGISTRY", Password));
        BuildAssert.Succeeded(result);
        StringAssert.Contains(result.Output, $"MlOps: base image {_securedBase} is on {_secured.Address}");
        Assert.IsFalse(result.Output.Contains(Password, StringComparison.Ordinal), "the password in the log");
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, _secured.ApiBase + "model/manifests/3.0.1");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(OciMediaTypes.ImageManifest));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(OciMediaTypes.DockerManifest));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}")));
        using var response = http.Send(request);
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, "the scoring image is in the registry");

        // The SDK's own pull login, for a base image on another registry than the one pushed to (here: an archive).
        BuildAssert.Succeeded(Publish(_securedBase, registry: null, Login("DOTNET_CONTAINER_PULL_REGISTRY", Password)));
    }

    private static Dictionary<string, string> Login(string prefix, string password) =>
        new() { [prefix + "_UNAME"] = User, [prefix + "_PWORD"] = password };
}
