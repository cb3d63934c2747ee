using System.Diagnostics;
using System.Formats.Tar;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Globalization;
using System.Text.RegularExpressions;
using k8s.Models;
using MlOps.Core.Artifacts;
using MlOps.Core.Data;
using MlOps.Core.IO;
using MlOps.EndToEnd.Tests.Infrastructure;

namespace MlOps.EndToEnd.Tests;

/// <summary>
/// `dotnet publish` of a model project builds its scoring service as an OCI image with the .NET SDK (no daemon),
/// against the loopback registry and offline base image of eng/containers, started once for the class.
/// </summary>
[TestClass]
public sealed class PublishTests
{
    private static readonly string State = Path.Combine(Path.GetTempPath(), $"mlops-pub-{Environment.ProcessId}-{Guid.NewGuid():N}"[..30]);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private static LocalRegistry _localRegistry = null!;
    private static string _registry = "";
    private static string _base = "";
    private static Dockerd _dockerd = null!;
    private static ModelProject _model = null!;
    private static CommandResult _registryPublish = null!;

    [ClassInitialize]
    public static void StartRegistryAndPublish(TestContext _)
    {
        Directory.CreateDirectory(State);
        _dockerd = new Dockerd(State);
        _localRegistry = LocalRegistry.Start(State);
        _registry = _localRegistry.Address;
        _base = _localRegistry.PushBaseImage();

        // Not trained beforehand: publish depends on Build, so the first publish trains.
        _model = ModelProject.CreateSynthetic("publish", rows: 300, seed: 1);
        _model.Set("Version", "1.2.3").Set("RepositoryUrl", "https://example.com/acme/houses");
        // Container settings and metadata in the project itself (not the command line) reach the image (README, "Conventions").
        _model.Set("Authors", "Pricing team").Set("Description", "House prices").Set("PackageLicenseExpression", "MIT").Set("Copyright", "© 2026 Pricing team").Set("ContainerWorkingDirectory", "/srv/app")
            .Item("ContainerLabel", "com.example.team", ("Value", "pricing"))
            .Item("ContainerEnvironmentVariable", "DOTNET_gcServer", ("Value", "0"))
            .Item("ContainerPort", "9090", ("Type", "tcp"));
        _model.Save();
        // The scoring host restores Microsoft.ML and prometheus-net too: the SDK feed plus the machine's own sources.
        SdkFeed.WriteNuGetConfig(_model.Directory);
        _registryPublish = Publish($"-p:ContainerRegistry={_registry}");
    }

    [ClassCleanup]
    public static void StopEverything()
    {
        _dockerd?.Stop();
        _localRegistry?.Dispose();
        try { Directory.Delete(State, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static CommandResult Publish(params string[] args)
    {
        var env = new Dictionary<string, string> { ["MLOPS_CONTAINERS_STATE"] = State };
        if (_dockerd.Started) env["DOCKER_HOST"] = _dockerd.Host; // for MlOpsSmokeTest
        _model.Save();
        return DotNet.Run(_model.Directory, ["publish", "-c", "Debug", "-nodeReuse:false", "-tl:off", $"-p:ContainerBaseImage={_base}", .. args], env, TimeSpan.FromMinutes(5));
    }

    /// <summary>docs/supply-chain.md: CycloneDX SBOMs of the image and the package beside the outputs and in the OCI artifact.</summary>
    [TestMethod]
    public void PublishWritesCycloneDxSbomsOfTheImageAndThePackageAndAttachesThemToTheModelArtifact()
    {
        BuildAssert.Succeeded(_registryPublish);
        var bin = Path.Combine(_model.Directory, "bin", "Debug", "net10.0");
        var (_, imageDigest) = GetManifest("model", "1.2.3");

        // The image: named by its registry reference and digest, on the base image by reference and digest, with the
        // scoring host's packages (MlOps.Serving at the SDK's version, ML.NET) and the model it carries.
        var image = CycloneDxAssert.Valid(Path.Combine(bin, "publish", "sbom", "image.cdx.json"), "container");
        var subject = image.GetProperty("metadata").GetProperty("component");
        Assert.AreEqual($"{_registry}/model", subject.GetProperty("name").GetString());
        Assert.AreEqual(imageDigest, subject.GetProperty("version").GetString());
        StringAssert.StartsWith(subject.GetProperty("purl").GetString(), $"pkg:oci/model@{Uri.EscapeDataString(imageDigest)}?repository_url=");
        var baseName = _base[(_base.IndexOf('/') + 1).._base.LastIndexOf(':')];
        var (_, baseDigest) = _localRegistry.Manifest(baseName, _base[(_base.LastIndexOf(':') + 1)..]);
        var baseImage = image.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("type").GetString() == "container");
        Assert.AreEqual(baseDigest, baseImage.GetProperty("version").GetString(), "the base image by the digest the registry serves");
        Assert.AreEqual(_base[.._base.LastIndexOf(':')], baseImage.GetProperty("name").GetString());
        Assert.AreEqual(SdkFeed.Version, CycloneDxAssert.Package(image, "MlOps.Serving").GetProperty("version").GetString());
        CycloneDxAssert.Package(image, "Microsoft.ML");
        CycloneDxAssert.Package(image, "prometheus-net.AspNetCore");
        var model = CycloneDxAssert.Named(image, ArtifactFiles.Model);
        Assert.AreEqual("machine-learning-model", model.GetProperty("type").GetString());
        Assert.AreEqual(FileHash.Sha256(_model.OutputFile(ArtifactFiles.Model)), CycloneDxAssert.Sha256Of(model));
        // The SHA-512 is the one NuGet recorded for the package it restored.
        var assets = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_model.Directory, "obj", "Debug", "net10.0", "mlops", "serving", "obj", "project.assets.json"))).RootElement;
        var serving = CycloneDxAssert.Package(image, "MlOps.Serving");
        Assert.AreEqual(Convert.ToHexStringLower(Convert.FromBase64String(assets.GetProperty("libraries").GetProperty($"MlOps.Serving/{SdkFeed.Version}").GetProperty("sha512").GetString()!)),
            serving.GetProperty("hashes")[0].GetProperty("content").GetString());

        // The package: pkg:nuget/Model@1.2.3, beside the .nupkg, with the model files and ML.NET.
        var packageSbom = Path.Combine(bin, "package", "Model.1.2.3.cdx.json");
        var package = CycloneDxAssert.Valid(packageSbom, "library");
        Assert.AreEqual("pkg:nuget/Model@1.2.3", package.GetProperty("metadata").GetProperty("component").GetProperty("purl").GetString());
        CycloneDxAssert.Package(package, "Microsoft.ML");
        Assert.AreEqual(FileHash.Sha256(_model.OutputFile(ArtifactFiles.Manifest)), CycloneDxAssert.Sha256Of(CycloneDxAssert.Named(package, ArtifactFiles.Manifest)));
        CollectionAssert.AreEqual(File.ReadAllBytes(Path.Combine(bin, "publish", "sbom", "package.cdx.json")), File.ReadAllBytes(packageSbom));

        // Both travel in the OCI model artifact (here an OCI layout under bin/) as CycloneDX layers.
        var layout = Path.Combine(bin, "oci");
        var entry = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(layout, "index.json"))).RootElement.GetProperty("manifests")[0];
        var artifact = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(layout, "blobs", "sha256", entry.GetProperty("digest").GetString()!["sha256:".Length..]))).RootElement;
        var sboms = artifact.GetProperty("layers").EnumerateArray().Where(l => l.GetProperty("mediaType").GetString() == "application/vnd.cyclonedx+json")
            .ToDictionary(l => l.GetProperty("annotations").GetProperty("org.opencontainers.image.title").GetString()!, l => l.GetProperty("digest").GetString()!);
        CollectionAssert.AreEquivalent(new[] { "image.cdx.json", "package.cdx.json" }, sboms.Keys.ToArray());
        Assert.AreEqual("sha256:" + FileHash.Sha256(Path.Combine(bin, "publish", "sbom", "image.cdx.json")), sboms["image.cdx.json"]);
        Assert.AreEqual("sha256:" + FileHash.Sha256(packageSbom), sboms["package.cdx.json"]);
    }

    [TestMethod]
    public void PublishTrainsAndPushesALabelledImageToTheRegistry()
    {
        BuildAssert.Succeeded(_registryPublish);
        StringAssert.Contains(_registryPublish.Output, "MlOps: best trainer", "a model never built is trained by publish");
        StringAssert.Matches(_registryPublish.Output, new System.Text.RegularExpressions.Regex(@"MlOps: scoring image .*: [\d.]+ MB compressed in 4 layers \(base image [\d.]+ MB \+ app layer [\d.]+ MB\)"));

        var (manifest, digest) = GetManifest("model", "1.2.3");
        var cfg = manifest.GetProperty("config");
        var config = JsonDocument.Parse(GetBlob("model", cfg.GetProperty("digest").GetString()!)).RootElement.GetProperty("config");
        var labels = config.GetProperty("Labels");
        var m = _model.Manifest;
        Assert.AreEqual("1.2.3", labels.GetProperty("org.opencontainers.image.version").GetString());
        Assert.AreEqual(m.ModelSha256, labels.GetProperty("io.github.mlops-sdk.model.sha256").GetString());
        Assert.AreEqual(m.BestTrainer.Trainer, labels.GetProperty("io.github.mlops-sdk.model.trainer").GetString());
        Assert.AreEqual("https://example.com/acme/houses", labels.GetProperty("org.opencontainers.image.source").GetString());
        Assert.AreEqual(m.FinishedUtc, DateTimeOffset.Parse(labels.GetProperty("org.opencontainers.image.created").GetString()!));
        if (m.Git is { } git) Assert.AreEqual(git.Commit, labels.GetProperty("org.opencontainers.image.revision").GetString());
        Assert.AreEqual("1654", config.GetProperty("User").GetString(), "non-root");
        Assert.IsTrue(config.GetProperty("ExposedPorts").TryGetProperty("8080/tcp", out _));
        CollectionAssert.Contains(config.GetProperty("Env").EnumerateArray().Select(e => e.GetString()).ToList(), "ASPNETCORE_HTTP_PORTS=8080");
        // The model project's own label, variable, port, working directory and metadata.
        Assert.AreEqual("pricing", labels.GetProperty("com.example.team").GetString());
        CollectionAssert.Contains(config.GetProperty("Env").EnumerateArray().Select(e => e.GetString()).ToList(), "DOTNET_gcServer=0");
        Assert.IsTrue(config.GetProperty("ExposedPorts").TryGetProperty("9090/tcp", out _));
        Assert.AreEqual("/srv/app", config.GetProperty("WorkingDir").GetString()!.TrimEnd('/'));
        Assert.AreEqual(("Pricing team", "House prices", "MIT"), (labels.GetProperty("org.opencontainers.image.authors").GetString(),
            labels.GetProperty("org.opencontainers.image.description").GetString(), labels.GetProperty("org.opencontainers.image.licenses").GetString()));
        Assert.AreEqual("© 2026 Pricing team", labels.GetProperty("io.github.mlops-sdk.copyright").GetString());

        // Kubernetes manifests, read strictly into the Kubernetes object model, pinned to the digest the registry serves.
        var deployment = KubernetesManifests.LoadFile<V1Deployment>(Path.Combine(KubernetesFolder, "deployment.yaml"));
        var pod = deployment.Spec.Template;
        Assert.AreEqual("true", pod.Metadata.Annotations["prometheus.io/scrape"]);
        Assert.AreEqual("8080", pod.Metadata.Annotations["prometheus.io/port"]);
        Assert.AreEqual("/metrics", pod.Metadata.Annotations["prometheus.io/path"]);
        var container = pod.Spec.Containers.Single();
        Assert.AreEqual($"{_registry}/model@{digest}", container.Image);
        Assert.AreEqual("/health/live", container.LivenessProbe.HttpGet.Path);
        Assert.AreEqual("8080", container.LivenessProbe.HttpGet.Port.Value);
        Assert.AreEqual("/health/ready", container.ReadinessProbe.HttpGet.Path);

        // The memory request comes from the service's peak under a burst of predictions: peak + 25%, rounded up to 32 MiB.
        var measured = Regex.Match(_registryPublish.Output, @"measured peak ([\d.]+) MB of the service with this model under (\d+) POST /predict/batch requests \((\d+) answered 200\)");
        Assert.IsTrue(measured.Success, "the memory request was not measured under load:\n" + _registryPublish.Output);
        Console.WriteLine(measured.Value);
        Assert.IsTrue(int.Parse(measured.Groups[2].Value, CultureInfo.InvariantCulture) > 0);
        Assert.AreEqual(measured.Groups[2].Value, measured.Groups[3].Value, "every request of the load answered 200");
        var peakMiB = double.Parse(measured.Groups[1].Value, CultureInfo.InvariantCulture) * 1e6 / (1024 * 1024);
        var requestMiB = container.Resources.Requests["memory"].ToInt64() / (1024 * 1024);
        Assert.AreEqual((long)(Math.Ceiling(peakMiB * 1.25 / 32) * 32), requestMiB, 32, $"request {requestMiB} MiB for a peak of {peakMiB:F1} MiB");
        Assert.AreEqual(2 * requestMiB, container.Resources.Limits["memory"].ToInt64() / (1024 * 1024));

        var service = KubernetesManifests.LoadFile<V1Service>(Path.Combine(KubernetesFolder, "service.yaml"));
        Assert.AreEqual("8080", service.Spec.Ports.Single().TargetPort.Value);
        var hpa = KubernetesManifests.LoadFile<V2HorizontalPodAutoscaler>(Path.Combine(KubernetesFolder, "hpa.yaml"));
        Assert.AreEqual("cpu", hpa.Spec.Metrics.Single().Resource.Name);
        Assert.AreEqual(deployment.Metadata.Name, hpa.Spec.ScaleTargetRef.Name);
    }

    /// <summary>monitoring/ beside k8s/: rules scoped to the job a ServiceMonitor on the generated Service gives (its name).</summary>
    [TestMethod]
    public void PublishWritesTheAlertRulesAndDashboardForTheService()
    {
        BuildAssert.Succeeded(_registryPublish);
        var folder = Path.Combine(_model.Directory, "bin", "Debug", "net10.0", "publish", "monitoring");
        var service = KubernetesManifests.LoadFile<V1Service>(Path.Combine(KubernetesFolder, "service.yaml"));
        var rules = File.ReadAllText(Path.Combine(folder, "prometheus-rules.yaml"));
        StringAssert.Contains(rules, $"mlops_feature_drift_psi{{job=\\\"{service.Metadata.Name}\\\"}}", rules);
        StringAssert.Contains(File.ReadAllText(Path.Combine(folder, "prometheus-rule.yaml")), $"kind: PrometheusRule\nmetadata:\n  name: \"{service.Metadata.Name}\"");
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "grafana-dashboard.json")));
        Assert.IsTrue(dashboard.RootElement.GetProperty("panels").GetArrayLength() >= 5);
        StringAssert.Contains(_registryPublish.Output, $"MlOps: monitoring in {folder}");
    }

    [TestMethod]
    public void DeploymentIsPodSecurityRestrictedWithAWritableScratchFolder()
    {
        var file = Path.Combine(KubernetesFolder, "deployment.yaml");
        var pod = KubernetesManifests.LoadFile<V1Deployment>(file).Spec.Template.Spec;
        CollectionAssert.AreEqual(Array.Empty<string>(), PodSecurity.RestrictedViolations(pod).ToArray(), File.ReadAllText(file));
        var container = pod.Containers.Single();
        Assert.IsTrue(container.SecurityContext.ReadOnlyRootFilesystem, "read-only root filesystem");
        var tmp = container.VolumeMounts.Single(m => m.MountPath == "/tmp");
        var scratch = pod.Volumes.Single(v => v.Name == tmp.Name).EmptyDir;
        Assert.IsNotNull(scratch, "/tmp is an emptyDir");
        Assert.IsTrue(scratch.SizeLimit.ToInt64() >= 64L * 1024 * 1024, $"sizeLimit {scratch.SizeLimit}");

        // The strict reading is what catches a typo: the same manifest with one field misspelt does not load.
        var typo = File.ReadAllText(file).Replace("readOnlyRootFilesystem", "readOnlyRootFileSystem", StringComparison.Ordinal);
        var error = Assert.Throws<Exception>(() => KubernetesManifests.Load<V1Deployment>(typo));
        StringAssert.Contains(error.Message, "readOnlyRootFileSystem");
    }

    /// <summary>
    /// The image as the cluster runs it: every `docker run` setting comes from the parsed deployment.yaml (read-only
    /// root, a tmpfs per emptyDir with its size limit, the user, dropped capabilities, no-new-privileges, the memory
    /// limit, the env), so a manifest that cannot start a pod fails here.
    /// </summary>
    [TestMethod]
    public void PublishedImageRunsUnderTheDeploymentsOwnSettings()
    {
        var deployment = KubernetesManifests.LoadFile<V1Deployment>(Path.Combine(KubernetesFolder, "deployment.yaml"));
        var port = ProcessProbe.FreeLoopbackPort();
        var run = DeploymentAsDockerRun.From(deployment, port);
        Docker("pull", run.Image);
        var name = "mlops-k8s-" + Guid.NewGuid().ToString("N")[..10];
        Console.WriteLine("docker run " + string.Join(' ', run.Arguments) + " " + run.Image);
        Docker(["run", "-d", "--name", name, .. run.Arguments, run.Image]);
        try
        {
            var url = $"http://127.0.0.1:{port}";
            _dockerd.WaitUntilReady(url, name);

            // The first rows of the training data, features only, against the model scored in-process.
            const int rows = 5;
            var table = CsvLoader.Load(_model.DataPath("data/train.csv"), new CsvOptions());
            var features = _model.Schema.Features.Select(f => f.Name).ToList();
            var csv = string.Join(",", features) + "\n" + string.Concat(Enumerable.Range(0, rows).Select(r => string.Join(",", features.Select(f => table.Column(f)[r])) + "\n"));
            using var response = Http.PostAsync(url + "/predict/batch", new StringContent(csv, Encoding.UTF8, "text/csv")).Result;
            var body = response.Content.ReadAsStringAsync().Result;
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, body);
            var served = JsonDocument.Parse(body).RootElement.EnumerateArray().Select(p => p.GetProperty("value").GetDouble()).ToArray();
            var expected = new ModelScorer(_model, "data/train.csv").PredictedValues().Take(rows).ToArray();
            Assert.AreEqual(rows, served.Length, body);
            for (var i = 0; i < rows; i++)
                Assert.AreEqual(expected[i], served[i], 1e-4 * Math.Max(1, Math.Abs(expected[i])), $"row {i}: {body}");
            AssertPagesAndKServe(url, table, rows, body);

            // And it did run hardened (what the daemon applied, not what we asked for).
            var applied = Docker("inspect", "-f", "{{.HostConfig.ReadonlyRootfs}} {{.Config.User}} {{.HostConfig.CapDrop}} {{.HostConfig.SecurityOpt}}", name).Trim();
            Assert.AreEqual("true 1654:1654 [ALL] [no-new-privileges]", applied);
        }
        finally
        {
            Docker("rm", "-f", name);
        }
    }

    /// <summary>The image's human-facing pages and KServe's v1 protocol (README, "Pages and protocols"): GET / is this
    /// model's card, /docs loads every file from the service, and :predict answers the rows as /predict/batch did.</summary>
    private static void AssertPagesAndKServe(string url, TabularData table, int rows, string batchAnswer)
    {
        using var card = Http.GetAsync(url + "/").Result;
        var html = card.Content.ReadAsStringAsync().Result;
        Assert.AreEqual(HttpStatusCode.OK, card.StatusCode, html);
        Assert.AreEqual("text/html", card.Content.Headers.ContentType?.MediaType);
        Assert.AreEqual(File.ReadAllText(_model.OutputFile("model-card.html")), html, "GET / is the card the build wrote");
        StringAssert.Contains(html, _model.Manifest.ModelSha256, "the card names the served model.zip");

        using var docs = Http.GetAsync(url + "/docs").Result;
        var page = docs.Content.ReadAsStringAsync().Result;
        Assert.AreEqual(HttpStatusCode.OK, docs.StatusCode, page);
        var assets = Regex.Matches(page, "(?:src|href)=\"([^\"]+)\"").Select(m => new Uri(docs.RequestMessage!.RequestUri!, m.Groups[1].Value)).ToList();
        Assert.IsTrue(assets.Count >= 3, page);
        foreach (var asset in assets.Append(new Uri(url + "/openapi/v1.json")))
        {
            Assert.AreEqual(new Uri(url).Authority, asset.Authority, $"{asset} is fetched from elsewhere");
            using var loaded = Http.GetAsync(asset).Result;
            Assert.AreEqual(HttpStatusCode.OK, loaded.StatusCode, asset.ToString());
        }

        // Typed JSON values of the same rows (the model project is Model.csproj: KServe's name for it).
        var instances = string.Join(",", Enumerable.Range(0, rows).Select(r => "{" + string.Join(",", _model.Schema.Features
            .Where(f => table.Column(f.Name)[r] is not null)
            .Select(f => JsonSerializer.Serialize(f.Name) + ":" + (f.Kind == Core.Schema.ColumnKind.Numeric ? table.Column(f.Name)[r] : JsonSerializer.Serialize(table.Column(f.Name)[r])))) + "}"));
        var (status, kserve) = Post(url + "/v1/models/Model:predict", $"{{\"instances\":[{instances}]}}");
        Assert.AreEqual(HttpStatusCode.OK, status, kserve);
        static string Values(JsonElement answers) => string.Join(" ", answers.EnumerateArray().Select(a => a.GetProperty("value").GetRawText()));
        Assert.AreEqual(Values(JsonDocument.Parse(batchAnswer).RootElement), Values(JsonDocument.Parse(kserve).RootElement.GetProperty("predictions")), kserve);
        Assert.AreEqual(HttpStatusCode.NotFound, Post(url + "/v1/models/other:predict", $"{{\"instances\":[{instances}]}}").Status);
    }

    [TestMethod]
    public void PublishWithAnArchivePathWritesAnOciLayout()
    {
        var archive = Path.Combine(State, "archives", "model.tar.gz");
        var result = Publish($"-p:ContainerArchiveOutputPath={archive}", "-p:ContainerImageTags=2.0.0");
        BuildAssert.Succeeded(result);
        StringAssert.Contains(result.Output, "MlOps: model is up to date", "an unchanged model is not retrained");
        using var tar = new TarReader(File.OpenRead(archive));
        var names = new Dictionary<string, byte[]>();
        while (tar.GetNextEntry(copyData: true) is { } e)
        {
            using var ms = new MemoryStream();
            e.DataStream?.CopyTo(ms);
            names[e.Name.TrimStart('.', '/')] = ms.ToArray();
        }
        Assert.IsTrue(names.ContainsKey("oci-layout"), string.Join(", ", names.Keys));
        var index = JsonDocument.Parse(names["index.json"]).RootElement.GetProperty("manifests")[0];
        Assert.AreEqual("2.0.0", index.GetProperty("annotations").GetProperty("org.opencontainers.image.ref.name").GetString());
        Assert.IsTrue(names.ContainsKey("blobs/sha256/" + index.GetProperty("digest").GetString()!["sha256:".Length..]));
    }

    /// <summary>
    /// Two platforms (ContainerRuntimeIdentifiers), in their own repository and manifests folder: an image per RID under
    /// an index the Deployment pins, and this machine's image, pulled through the index by the smoke test and by docker,
    /// serving as the deployment runs it.
    /// </summary>
    [TestMethod]
    public void SmokeTestAndTheRunningServiceUnderDockerd()
    {
        _ = _dockerd.Host; // the smoke test runs the image under this class's dockerd
        var k8s = Path.Combine(State, "k8s-two-platforms");
        var result = Publish($"-p:ContainerRegistry={_registry}", "-p:ContainerRepository=model-two", $"-p:ContainerBaseImage={_localRegistry.PushTwoPlatformBaseImage(_base)}",
            "-p:ContainerRuntimeIdentifiers=\"linux-x64;linux-arm64\"", "-p:MlOpsSmokeTest=true", $"-p:MlOpsKubernetesOutputPath={k8s}");
        BuildAssert.Succeeded(result);
        StringAssert.Contains(result.Output, "MlOps: smoke test passed");
        StringAssert.Contains(result.Output, "(read-only root, user 1654, no capabilities)");

        // The index, under the project's tag, over one image per platform, each with the model the build trained.
        var (index, digest) = _localRegistry.Index("model-two", "1.2.3");
        Assert.AreEqual("application/vnd.oci.image.index.v1+json", index.GetProperty("mediaType").GetString());
        var children = index.GetProperty("manifests").EnumerateArray().ToList();
        CollectionAssert.AreEquivalent(new[] { "amd64", "arm64" }, children.Select(c => c.GetProperty("platform").GetProperty("architecture").GetString()).ToArray());
        foreach (var child in children)
        {
            var (manifest, _) = GetManifest("model-two", child.GetProperty("digest").GetString()!);
            var config = JsonDocument.Parse(GetBlob("model-two", manifest.GetProperty("config").GetProperty("digest").GetString()!)).RootElement;
            Assert.AreEqual(child.GetProperty("platform").GetProperty("architecture").GetString(), config.GetProperty("architecture").GetString(), "the index says what the image is");
            var app = GetBlob("model-two", manifest.GetProperty("layers").EnumerateArray().Last().GetProperty("digest").GetString()!);
            Assert.AreEqual(_model.Manifest.ModelSha256, Sha256OfTarEntry(app, "mlops/model.zip"), $"the {config.GetProperty("architecture")} image ships another model");
        }
        // Each platform's image also under <tag>-<rid>; the Deployment and the summary pin the index.
        Assert.AreEqual(children.Single(c => c.GetProperty("platform").GetProperty("architecture").GetString() == "arm64").GetProperty("digest").GetString(),
            GetManifest("model-two", "1.2.3-linux-arm64").Digest);
        var deployment = KubernetesManifests.LoadFile<V1Deployment>(Path.Combine(k8s, "deployment.yaml"));
        Assert.AreEqual($"{_registry}/model-two@{digest}", deployment.Spec.Template.Spec.Containers.Single().Image);
        StringAssert.Contains(result.Output, $"MlOps: image index {_registry}/model-two:1.2.3@{digest} over linux/amd64, linux/arm64");
        StringAssert.Contains(result.Output, $"scoring image {_registry}/model-two:1.2.3@{digest}");

        var image = $"{_registry}/model-two:1.2.3";
        Docker("pull", image);
        var port = ProcessProbe.FreeLoopbackPort();
        var name = "mlops-pub-" + Guid.NewGuid().ToString("N")[..10];
        Docker("run", "-d", "--name", name, "-p", $"127.0.0.1:{port}:8080", "-e", "MLOPS_MAX_BODY_BYTES=4096", image);
        try
        {
            var url = $"http://127.0.0.1:{port}";
            _dockerd.WaitUntilReady(url, name);
            var schema = _model.Schema;
            // Use the model's real feature names and a known category.
            var features = schema.Features.ToList();
            var body = "{" + string.Join(",", features.Select(f => f.Kind == MlOps.Core.Schema.ColumnKind.Categorical
                ? $"\"{f.Name}\": \"{f.Categories![0].Value}\"" : $"\"{f.Name}\": {(f.Mean ?? 1).ToString(System.Globalization.CultureInfo.InvariantCulture)}")) + "}";
            var one = Post(url + "/predict", body);
            Assert.AreEqual(HttpStatusCode.OK, one.Status, one.Body);
            Assert.IsTrue(JsonDocument.Parse(one.Body).RootElement.TryGetProperty("value", out _), one.Body);
            var batch = Post(url + "/predict/batch", $"[{body},{body}]");
            Assert.AreEqual(HttpStatusCode.OK, batch.Status, batch.Body);
            Assert.AreEqual(2, JsonDocument.Parse(batch.Body).RootElement.GetArrayLength());
            Assert.AreEqual(HttpStatusCode.BadRequest, Post(url + "/predict", "{not json").Status);
            // A value of the wrong type is refused; a category the model never saw is scored and counted (MLOPS_UNKNOWN_CATEGORY=score).
            var wrong = "{" + string.Join(",", features.Select(f => $"\"{f.Name}\": [1]")) + "}";
            var refused = Post(url + "/predict", wrong);
            Assert.AreEqual((HttpStatusCode)422, refused.Status, refused.Body);
            var categorical = features.FirstOrDefault(f => f.Kind == MlOps.Core.Schema.ColumnKind.Categorical);
            if (categorical is not null)
            {
                var unknown = body.Replace($"\"{categorical.Categories![0].Value}\"", "\"no-such-category\"");
                var r = Post(url + "/predict", unknown);
                Assert.AreEqual(HttpStatusCode.OK, r.Status, r.Body);
            }
            Assert.AreEqual(HttpStatusCode.RequestEntityTooLarge, Post(url + "/predict/batch", "[" + string.Join(",", Enumerable.Repeat(body, 200)) + "]").Status);
            var metrics = Http.GetStringAsync(url + "/metrics").Result;
            StringAssert.Contains(metrics, "mlops_predictions_total");
            if (categorical is not null) StringAssert.Contains(metrics, $"mlops_unknown_category_total{{feature=\"{categorical.Name}\"}} 1", metrics);
            foreach (var (endpoint, status) in new[] { ("/predict", "400"), ("/predict/batch", "413"), ("/predict", "422") })
                StringAssert.Contains(metrics, $"mlops_http_requests_total{{endpoint=\"{endpoint}\",code=\"{status}\"}} 1", metrics);
            // The version the model project published, from the generated host, next to the bytes it serves.
            StringAssert.Contains(metrics, $"mlops_model_info{{model=\"challenger\",version=\"1.2.3\",sha256=\"{_model.Manifest.ModelSha256}\",", metrics);
        }
        finally
        {
            Docker("rm", "-f", name);
        }
    }

    private static string Sha256OfTarEntry(byte[] gzippedTar, string suffix)
    {
        using var tar = new TarReader(new System.IO.Compression.GZipStream(new MemoryStream(gzippedTar), System.IO.Compression.CompressionMode.Decompress));
        while (tar.GetNextEntry() is { } entry)
            if (entry.Name.EndsWith(suffix, StringComparison.Ordinal) && entry.DataStream is { } data)
                return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(data));
        throw new AssertFailedException($"no {suffix} in the layer");
    }

    private static string KubernetesFolder => Path.Combine(_model.Directory, "bin", "Debug", "net10.0", "publish", "k8s");

    private static (HttpStatusCode Status, string Body) Post(string url, string json)
    {
        using var resp = Http.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json")).Result;
        return (resp.StatusCode, resp.Content.ReadAsStringAsync().Result);
    }

    private static (JsonElement Manifest, string Digest) GetManifest(string repo, string tag) => _localRegistry.Manifest(repo, tag);

    private static byte[] GetBlob(string repo, string digest) => _localRegistry.Blob(repo, digest);

    private static string Docker(params string[] args) => _dockerd.Docker(args);
}
