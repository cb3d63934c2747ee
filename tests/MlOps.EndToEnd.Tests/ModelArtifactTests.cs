using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MlOps.Core.Artifacts;
using MlOps.Core.Data;
using MlOps.EndToEnd.Tests.Infrastructure;
using MlOps.Tests.Shared;
using MlOps.Tool.Oci;

namespace MlOps.EndToEnd.Tests;

/// <summary>
/// `dotnet publish` ships the model as an OCI artifact: pushed to a loopback docker-registry (distribution 2.8, no
/// referrers API) or written as an OCI layout under bin/; pulled back with every digest checked; an htpasswd
/// registry refusing a wrong login without leaking it; and `oci:` refs as the champion/challenger baseline.
/// One model project (trained by the first publish) serves every test; no scoring image is built.
/// </summary>
[TestClass]
public sealed class ModelArtifactTests
{
    private const string Version = "1.4.0";
    private const string Repository = "models/houses";
    private static readonly string State = Path.Combine(Path.GetTempPath(), $"mlops-oci-{Environment.ProcessId}-{Guid.NewGuid():N}"[..30]);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private static LocalRegistry _registry = null!;
    private static ModelProject _model = null!;
    private static CommandResult _push = null!;

    [ClassInitialize]
    public static void StartRegistryAndPublish(TestContext _)
    {
        Directory.CreateDirectory(State);
        _registry = LocalRegistry.Start(State);
        // The champion of the last test: six trials, time to spare (a busy machine cannot cut the search short).
        // MlOpsExportOnnx rides along: model.onnx must travel as a layer and score as model.zip does (numbers, a coded and a categorical column).
        _model = HousePrices("artifact").Set("MlOpsMaxTrials", "6").Set("Version", Version).Set("RepositoryUrl", "https://example.com/acme/houses")
            .Set("Authors", "Pricing team").Set("PackageLicenseExpression", "MIT").Set("Copyright", "© 2026 Pricing team")
            .Set("MlOpsExportOnnx", "true");
        var sw = Stopwatch.StartNew();
        _push = Publish(_model, $"-p:MlOpsModelRegistry={_registry.Address}/{Repository}");
        Console.WriteLine($"train + publish to the registry: {sw.Elapsed.TotalSeconds:F1}s");
    }

    [ClassCleanup]
    public static void StopRegistry()
    {
        _registry.Dispose();
        try { Directory.Delete(State, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static ModelProject HousePrices(string name)
    {
        var project = ModelProject.CreateSynthetic(name, rows: 300, seed: 1);
        project.WriteData("data/test.csv", SyntheticData.HousePrices(rows: 150, seed: 3));
        return project.Item("MlOpsTestData", "data/test.csv");
    }

    private static CommandResult Publish(ModelProject model, string[] args, IDictionary<string, string>? env = null)
    {
        model.Save();
        return DotNet.Run(model.Directory, ["publish", "-c", "Debug", "-nodeReuse:false", "-tl:off", "-p:MlOpsPublishContainer=false", "-p:MlOpsPublishPackage=false", .. args], env, TimeSpan.FromMinutes(5));
    }

    private static CommandResult Publish(ModelProject model, params string[] args) => Publish(model, args, null);

    [TestMethod]
    public void PublishPushesTheModelAsAnOciArtifactTaggedWithItsVersion()
    {
        BuildAssert.Succeeded(_push);
        StringAssert.Contains(_push.Output, "MlOps: best trainer", "publish trains a model never built");
        StringAssert.Contains(_push.Output, $"MlOps: model artifact pushed to {_registry.Address}/{Repository}:{Version}@sha256:");

        var (bytes, digest) = GetManifest(Version);
        var manifest = JsonDocument.Parse(bytes).RootElement;
        Assert.AreEqual("application/vnd.oci.image.manifest.v1+json", manifest.GetProperty("mediaType").GetString());
        Assert.AreEqual("application/vnd.mlops.model.v1+json", manifest.GetProperty("artifactType").GetString());
        var config = manifest.GetProperty("config");
        Assert.AreEqual("application/vnd.oci.empty.v1+json", config.GetProperty("mediaType").GetString());
        Assert.AreEqual("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", config.GetProperty("digest").GetString());
        CollectionAssert.AreEqual("{}"u8.ToArray(), GetBlob(config.GetProperty("digest").GetString()!));

        var layers = manifest.GetProperty("layers").EnumerateArray().ToDictionary(
            l => l.GetProperty("annotations").GetProperty("org.opencontainers.image.title").GetString()!, l => l);
        // The model card (written by the build, MlOpsModelCard) travels too.
        foreach (var file in new[] { ArtifactFiles.Model, ArtifactFiles.Onnx, ArtifactFiles.Schema, ArtifactFiles.Metrics, ArtifactFiles.Manifest, "model-card.md", "model-card.html", "model-card.json" })
        {
            Assert.IsTrue(layers.TryGetValue(file, out var layer), $"no {file} layer in {string.Join(", ", layers.Keys)}");
            var local = File.ReadAllBytes(_model.OutputFile(file));
            Assert.AreEqual(OciDigest.Of(local), layer.GetProperty("digest").GetString(), file);
            Assert.AreEqual(local.LongLength, layer.GetProperty("size").GetInt64(), file);
            CollectionAssert.AreEqual(local, GetBlob(layer.GetProperty("digest").GetString()!), $"{file} as the registry serves it");
            StringAssert.StartsWith(layer.GetProperty("mediaType").GetString(), "application/vnd.mlops.");
        }

        // The model package's SBOM (docs/supply-chain.md) travels as a CycloneDX layer, the very file publish wrote.
        var sbom = layers["package.cdx.json"];
        Assert.AreEqual("application/vnd.cyclonedx+json", sbom.GetProperty("mediaType").GetString());
        var written = Path.Combine(_model.Directory, "bin", "Debug", "net10.0", "publish", "sbom", "package.cdx.json");
        CycloneDxAssert.Valid(written, "library");
        CollectionAssert.AreEqual(File.ReadAllBytes(written), GetBlob(sbom.GetProperty("digest").GetString()!));

        var annotations = manifest.GetProperty("annotations");
        var lineage = _model.Manifest;
        Assert.AreEqual(Version, annotations.GetProperty("org.opencontainers.image.version").GetString());
        Assert.AreEqual(lineage.FinishedUtc, DateTimeOffset.Parse(annotations.GetProperty("org.opencontainers.image.created").GetString()!));
        Assert.AreEqual(ModelArtifact.DataSha256(lineage.Data), annotations.GetProperty("io.github.mlops-sdk.data.sha256").GetString());
        Assert.AreEqual(lineage.BestTrainer.Trainer, annotations.GetProperty("io.github.mlops-sdk.model.trainer").GetString());
        Assert.AreEqual("https://example.com/acme/houses", annotations.GetProperty("org.opencontainers.image.source").GetString());
        if (lineage.Git is { } git) Assert.AreEqual(git.Commit, annotations.GetProperty("org.opencontainers.image.revision").GetString());
        // The project's metadata, as the image's labels say it (README, "Conventions").
        Assert.AreEqual("Pricing team", annotations.GetProperty("org.opencontainers.image.authors").GetString());
        Assert.AreEqual("MIT", annotations.GetProperty("org.opencontainers.image.licenses").GetString());
        Assert.AreEqual("© 2026 Pricing team", annotations.GetProperty("io.github.mlops-sdk.copyright").GetString());
        Assert.IsFalse(annotations.TryGetProperty("org.opencontainers.image.description", out _), "NuGet's placeholder description is left out");
        StringAssert.Contains(_push.Output, digest, "the build log names the pushed digest");
        Console.WriteLine($"artifact {digest}: manifest {bytes.Length} B, layers {string.Join(", ", layers.Select(l => $"{l.Key} {l.Value.GetProperty("size").GetInt64()} B"))}");
    }

    [TestMethod]
    public void TheExportedOnnxModelScoresTheTestRowsAsModelZipDoes()
    {
        BuildAssert.Succeeded(_push);
        var sw = Stopwatch.StartNew();
        var test = CsvLoader.Load(_model.DataPath("data/test.csv"), new CsvOptions());
        var features = _model.Schema.Features.Select(c => c.Name).ToList();
        var onnx = OnnxScoring.Score(File.ReadAllBytes(_model.OutputFile(ArtifactFiles.Onnx)), features.ToDictionary(c => c, c => test.Column(c).ToArray()));

        CollectionAssert.AreEquivalent(features, onnx.Inputs.ToList(), "the raw feature columns in, no label");
        CollectionAssert.AreEquivalent(new[] { "Score.output" }, onnx.Outputs.Keys.ToList(), "a regression model gives its score only");
        var expected = new ModelScorer(_model, "data/test.csv").PredictedValues();
        var actual = onnx.Outputs["Score.output"];
        Assert.HasCount(expected.Length, actual);
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a) / Math.Max(1, Math.Abs(e))).Max();
        Assert.IsLessThan(1e-4, worst, $"ONNX Runtime and ML.NET differ by up to {worst:g3} (relative)");
        Console.WriteLine($"{actual.Length} rows scored by ONNX Runtime, worst relative difference {worst:g3}, {sw.Elapsed.TotalSeconds:F1}s");
    }

    [TestMethod]
    public async Task PullingItBackVerifiesEveryDigestAndGivesTheSameFiles()
    {
        BuildAssert.Succeeded(_push);
        Assert.IsTrue(OciReference.TryParse($"oci:{_registry.Address}/{Repository}:{Version}", requireTarget: true, out var reference, out var problem), problem);
        using var client = new RegistryClient(reference!, push: false, credentials: null);
        var target = Path.Combine(State, "pulled");
        var pulled = await ArtifactPull.PullAsync(client, reference!.Target, target);
        Assert.IsFalse(pulled.Reused);
        foreach (var file in new[] { ArtifactFiles.Model, ArtifactFiles.Schema, ArtifactFiles.Metrics, ArtifactFiles.Manifest })
            CollectionAssert.AreEqual(File.ReadAllBytes(_model.OutputFile(file)), File.ReadAllBytes(Path.Combine(target, file)), file);
        Assert.AreEqual(GetManifest(Version).Digest, pulled.ManifestDigest);

        // By digest, and a second time: verified from the folder, nothing downloaded.
        var byDigest = await ArtifactPull.PullAsync(client, pulled.ManifestDigest, target);
        Assert.IsTrue(byDigest.Reused);
    }

    [TestMethod]
    public void WithoutARegistryPublishWritesTheSameArtifactAsAnOciLayoutUnderBin()
    {
        BuildAssert.Succeeded(_push);
        var result = Publish(_model);
        BuildAssert.Succeeded(result);
        StringAssert.Contains(result.Output, "MlOps: model is up to date");
        var layout = Path.Combine(_model.Directory, "bin", "Debug", "net10.0", "oci");
        StringAssert.Contains(result.Output, $"MlOps: model artifact written as an OCI image layout {layout}");

        Assert.AreEqual("""{"imageLayoutVersion":"1.0.0"}""", File.ReadAllText(Path.Combine(layout, "oci-layout")));
        var entry = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(layout, "index.json"))).RootElement.GetProperty("manifests")[0];
        Assert.AreEqual(Version, entry.GetProperty("annotations").GetProperty("org.opencontainers.image.ref.name").GetString());
        // Deterministic: the layout holds the very manifest the registry got (created = training time, not the clock).
        var (pushedBytes, pushedDigest) = GetManifest(Version);
        Assert.AreEqual(pushedDigest, entry.GetProperty("digest").GetString());
        CollectionAssert.AreEqual(pushedBytes, File.ReadAllBytes(Path.Combine(layout, "blobs", "sha256", OciDigest.Hex(pushedDigest))));

        var pulled = ArtifactPull.PullAsync(new OciLayout(layout), Version, Path.Combine(State, "from-layout")).GetAwaiter().GetResult();
        Assert.AreEqual(pushedDigest, pulled.ManifestDigest);
        CollectionAssert.AreEqual(File.ReadAllBytes(_model.OutputFile(ArtifactFiles.Model)), File.ReadAllBytes(Path.Combine(State, "from-layout", ArtifactFiles.Model)));
        Assert.IsFalse(Directory.GetDirectories(Path.GetDirectoryName(layout)!).Any(d => Path.GetFileName(d).StartsWith("oci.", StringComparison.Ordinal)), "no staging leftovers");
    }

    [TestMethod]
    public void AnHtpasswdRegistryRefusesAWrongLoginWithAClearErrorAndNoSecretInTheLog()
    {
        BuildAssert.Succeeded(_push);
        const string password = "Right-Pa55word";
        const string wrongPassword = "Wr0ng-Secret-42";
        using var secured = LocalRegistry.Start(State, $"mlops:{password}");
        var target = $"-p:MlOpsModelRegistry={secured.Address}/{Repository}";
        Dictionary<string, string> Login(string pwd) => new() { [RegistryCredentials.UserVariable] = "mlops", [RegistryCredentials.PasswordVariable] = pwd, ["DOCKER_CONFIG"] = Path.Combine(State, "no-docker-config") };

        var refused = Publish(_model, [target], Login(wrongPassword));
        var line = BuildAssert.FailedWith(refused, "MLOPS5031", "Model.csproj", secured.Address, Repository, "HTTP 401", "SDK_CONTAINER_REGISTRY_UNAME", "SDK_CONTAINER_REGISTRY_PWORD");
        foreach (var secret in new[] { wrongPassword, Convert.ToBase64String(Encoding.UTF8.GetBytes($"mlops:{wrongPassword}")), password })
            Assert.IsFalse(refused.Output.Contains(secret, StringComparison.Ordinal), $"a secret leaked into the build output:\n{refused.Output}");
        Console.WriteLine(line.Trim());

        var anonymous = Publish(_model, [target], new Dictionary<string, string> { ["DOCKER_CONFIG"] = Path.Combine(State, "no-docker-config") });
        BuildAssert.FailedWith(anonymous, "MLOPS5031", "none was found");

        BuildAssert.Succeeded(Publish(_model, [target], Login(password)));
        using var request = new HttpRequestMessage(HttpMethod.Get, secured.ApiBase + $"{Repository}/manifests/{Version}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(OciMediaTypes.ImageManifest));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"mlops:{password}")));
        using var response = Http.Send(request);
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, "the right login pushes");
        Assert.AreEqual(GetManifest(Version).Digest, response.Headers.GetValues("Docker-Content-Digest").Single(), "same model, same digest on both registries");
    }

    [TestMethod]
    public void AChallengerWorseThanThePublishedOciBaselineFailsDotnetTest()
    {
        BuildAssert.Succeeded(_push);
        var digest = GetManifest(Version).Digest;
        // The challenger: one cheap trial on a single weak trainer family, same data, compared with the published champion.
        var challenger = HousePrices("challenger").Set("MlOpsMaxTrials", "1").Set("MlOpsTrainers", "FastForest")
            .Set("MlOpsBaselineModel", $"oci:{_registry.Address}/{Repository}@{digest}");
        challenger.Save();

        var result = TestProject.For(challenger).Test();

        Assert.AreNotEqual(0, result.ExitCode, result.Output);
        StringAssert.Contains(result.Output, $"MlOps: champion/challenger baseline: oci:{_registry.Address}/{Repository}@{digest} = {digest} (version {Version}), pulled, every digest verified");
        var check = $"champion/challenger against oci-models-houses-{OciDigest.Hex(digest)[..12]}/model.zip";
        var failure = Regex.Match(result.Output, $@"Failed Check \(""Model: {Regex.Escape(check)}""\)[\s\S]*?Error Message:\s*(?<message>[\s\S]*?)Stack Trace:");
        Assert.IsTrue(failure.Success, result.Output);
        StringAssert.Contains(failure.Groups["message"].Value, "worse than the baseline");

        // A tag the registry lacks and a reference without a tag fail the build at the property's line.
        challenger.Set("MlOpsBaselineModel", $"oci:{_registry.Address}/{Repository}:9.9.9");
        BuildAssert.FailedWith(challenger.Build(), "MLOPS5035", "9.9.9", "Model.csproj(");
        challenger.Set("MlOpsBaselineModel", $"oci:{_registry.Address}/{Repository}");
        BuildAssert.FailedWith(challenger.Build(), "MLOPS5030", "no tag or digest", "Model.csproj(");
    }

    [TestMethod]
    public void LineageOfAnOciReferenceComesFromTheArtifactsManifest()
    {
        BuildAssert.Succeeded(_push);
        var result = _model.Build("-t:MlOpsLineage", $"-p:MlOpsLineageOf=oci:{_registry.Address}/{Repository}:{Version}");
        BuildAssert.Succeeded(result);
        var lineage = _model.Manifest;
        StringAssert.Contains(result.Output, $"MlOps: lineage of oci:{_registry.Address}/{Repository}:{Version} = {GetManifest(Version).Digest} (version {Version})");
        StringAssert.Contains(result.Output, $"Trainer:");
        StringAssert.Contains(result.Output, lineage.BestTrainer.Trainer);
        StringAssert.Contains(result.Output, $"SHA-256 {lineage.Data[0].Sha256}");
        StringAssert.Contains(result.Output, $"model.zip SHA-256 {lineage.ModelSha256}");
    }

    private static (byte[] Bytes, string Digest) GetManifest(string reference)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _registry.ApiBase + $"{Repository}/manifests/{reference}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(OciMediaTypes.ImageManifest));
        using var response = Http.Send(request);
        var bytes = response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, Encoding.UTF8.GetString(bytes));
        Assert.AreEqual(OciMediaTypes.ImageManifest, response.Content.Headers.ContentType?.MediaType);
        var digest = OciDigest.Of(bytes);
        Assert.AreEqual(digest, response.Headers.GetValues("Docker-Content-Digest").Single());
        return (bytes, digest);
    }

    private static byte[] GetBlob(string digest) =>
        Http.GetByteArrayAsync(_registry.ApiBase + $"{Repository}/blobs/{digest}").GetAwaiter().GetResult();
}
