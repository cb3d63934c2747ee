using System.Diagnostics;
using System.Formats.Tar;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MlOps.EndToEnd.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

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
    private static string? _dockerHost;
    private static ModelProject _model = null!;
    private static CommandResult _registryPublish = null!;

    [ClassInitialize]
    public static void StartRegistryAndPublish(TestContext _)
    {
        Directory.CreateDirectory(State);
        _localRegistry = LocalRegistry.Start(State);
        _registry = _localRegistry.Address;
        _base = _localRegistry.PushBaseImage();

        // Not trained beforehand: publish depends on Build, so the first publish trains.
        _model = ModelProject.CreateSynthetic("publish", rows: 300, seed: 1);
        _model.Set("Version", "1.2.3").Set("RepositoryUrl", "https://example.com/acme/houses");
        _model.Save();
        // The scoring host restores Microsoft.ML and prometheus-net too: the SDK feed plus the machine's own sources.
        SdkFeed.WriteNuGetConfig(_model.Directory);
        _registryPublish = Publish($"-p:ContainerRegistry={_registry}");
    }

    [ClassCleanup]
    public static void StopEverything()
    {
        if (_dockerHost is not null) ContainerScripts.Run(State, "dockerd.sh", "stop", "--purge");
        _localRegistry?.Dispose();
        try { Directory.Delete(State, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static CommandResult Publish(params string[] args)
    {
        var env = new Dictionary<string, string> { ["MLOPS_CONTAINERS_STATE"] = State };
        if (_dockerHost is not null) env["DOCKER_HOST"] = _dockerHost;
        _model.Save();
        return DotNet.Run(_model.Directory, ["publish", "-c", "Debug", "-nodeReuse:false", "-tl:off", $"-p:ContainerBaseImage={_base}", .. args], env, TimeSpan.FromMinutes(5));
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
        Assert.AreEqual(m.ModelSha256, labels.GetProperty("io.mlops.model.sha256").GetString());
        Assert.AreEqual(m.BestTrainer.Trainer, labels.GetProperty("io.mlops.model.trainer").GetString());
        Assert.AreEqual("https://example.com/acme/houses", labels.GetProperty("org.opencontainers.image.source").GetString());
        Assert.AreEqual(m.FinishedUtc, DateTimeOffset.Parse(labels.GetProperty("org.opencontainers.image.created").GetString()!));
        if (m.Git is { } git) Assert.AreEqual(git.Commit, labels.GetProperty("org.opencontainers.image.revision").GetString());
        Assert.AreEqual("1654", config.GetProperty("User").GetString(), "non-root");
        Assert.IsTrue(config.GetProperty("ExposedPorts").TryGetProperty("8080/tcp", out _));
        CollectionAssert.Contains(config.GetProperty("Env").EnumerateArray().Select(e => e.GetString()).ToList(), "ASPNETCORE_HTTP_PORTS=8080");

        // Kubernetes manifests, pinned to the digest the registry serves.
        var k8s = Path.Combine(_model.Directory, "bin", "Debug", "net10.0", "publish", "k8s");
        var deployment = Yaml(Path.Combine(k8s, "deployment.yaml"));
        Assert.AreEqual("apps/v1", S(deployment, "apiVersion"));
        var pod = N(N(deployment, "spec"), "template");
        var annotations = N(N(pod, "metadata"), "annotations");
        Assert.AreEqual("true", S(annotations, "prometheus.io/scrape"));
        Assert.AreEqual("8080", S(annotations, "prometheus.io/port"));
        Assert.AreEqual("/metrics", S(annotations, "prometheus.io/path"));
        var container = (YamlMappingNode)((YamlSequenceNode)N(N(pod, "spec"), "containers")).Children[0];
        Assert.AreEqual($"{_registry}/model@{digest}", S(container, "image"));
        Assert.AreEqual("/health/live", S(N(N(container, "livenessProbe"), "httpGet"), "path"));
        Assert.AreEqual("8080", S(N(N(container, "livenessProbe"), "httpGet"), "port"));
        Assert.AreEqual("/health/ready", S(N(N(container, "readinessProbe"), "httpGet"), "path"));
        StringAssert.EndsWith(S(N(N(container, "resources"), "requests"), "memory"), "Mi");
        StringAssert.Contains(_registryPublish.Output, "measured peak", "the memory request was not measured on the running service");
        var service = Yaml(Path.Combine(k8s, "service.yaml"));
        Assert.AreEqual("Service", S(service, "kind"));
        Assert.AreEqual("8080", S((YamlMappingNode)((YamlSequenceNode)N(N(service, "spec"), "ports")).Children[0], "targetPort"));
        var hpa = Yaml(Path.Combine(k8s, "hpa.yaml"));
        Assert.AreEqual("autoscaling/v2", S(hpa, "apiVersion"));
        var metric = (YamlMappingNode)((YamlSequenceNode)N(N(hpa, "spec"), "metrics")).Children[0];
        Assert.AreEqual("cpu", S(N(metric, "resource"), "name"));
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

    [TestMethod]
    public void SmokeTestAndTheRunningServiceUnderDockerd()
    {
        var started = ContainerScripts.Run(State, "dockerd.sh", "start");
        if (started.ExitCode != 0) Assert.Fail("dockerd did not start (eng/containers/dockerd.sh installs and starts it):\n" + started.Output);
        _dockerHost = ContainerScripts.Value(started.Output, "DOCKER_HOST");

        var result = Publish($"-p:ContainerRegistry={_registry}", "-p:MlOpsSmokeTest=true");
        BuildAssert.Succeeded(result);
        StringAssert.Contains(result.Output, "MlOps: smoke test passed");

        var image = $"{_registry}/model:1.2.3";
        Docker("pull", image);
        var port = MlOps.Core.IO.ProcessProbe.FreeLoopbackPort();
        var name = "mlops-pub-" + Guid.NewGuid().ToString("N")[..10];
        Docker("run", "-d", "--name", name, "--network", "host", "-e", $"ASPNETCORE_URLS=http://127.0.0.1:{port}", "-e", "MLOPS_MAX_BODY_BYTES=4096", image);
        try
        {
            var url = $"http://127.0.0.1:{port}";
            var sw = Stopwatch.StartNew();
            while (true)
            {
                try { if (Http.GetAsync(url + "/health/ready").Result.StatusCode == HttpStatusCode.OK) break; }
                catch (AggregateException) { }
                if (sw.Elapsed > TimeSpan.FromSeconds(60)) Assert.Fail("not ready:\n" + Docker("logs", name));
                Thread.Sleep(200);
            }
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
            var categorical = features.FirstOrDefault(f => f.Kind == MlOps.Core.Schema.ColumnKind.Categorical);
            if (categorical is not null)
            {
                var unknown = body.Replace($"\"{categorical.Categories![0].Value}\"", "\"no-such-category\"");
                var r = Post(url + "/predict", unknown);
                Assert.AreEqual((HttpStatusCode)422, r.Status, r.Body);
            }
            Assert.AreEqual(HttpStatusCode.RequestEntityTooLarge, Post(url + "/predict/batch", "[" + string.Join(",", Enumerable.Repeat(body, 200)) + "]").Status);
            var metrics = Http.GetStringAsync(url + "/metrics").Result;
            StringAssert.Contains(metrics, "mlops_predictions_total");
            foreach (var (endpoint, status) in new[] { ("/predict", "400"), ("/predict/batch", "413"), ("/predict", "422") })
                StringAssert.Contains(metrics, $"mlops_http_requests_total{{endpoint=\"{endpoint}\",code=\"{status}\"}} 1", metrics);
            // The version the model project published, from the generated host, next to the bytes it serves.
            StringAssert.Contains(metrics, $"mlops_model_info{{version=\"1.2.3\",sha256=\"{_model.Manifest.ModelSha256}\",", metrics);
        }
        finally
        {
            Docker("rm", "-f", name);
        }
    }

    private static (HttpStatusCode Status, string Body) Post(string url, string json)
    {
        using var resp = Http.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json")).Result;
        return (resp.StatusCode, resp.Content.ReadAsStringAsync().Result);
    }

    private static YamlMappingNode Yaml(string file)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(file)));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static YamlNode N(YamlNode node, string key) => ((YamlMappingNode)node).Children[new YamlScalarNode(key)];
    private static string S(YamlNode node, string key) => ((YamlScalarNode)N(node, key)).Value!;

    private static (JsonElement Manifest, string Digest) GetManifest(string repo, string tag)
    {
        using var req = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{_registry.Split(':')[1]}/v2/{repo}/manifests/{tag}");
        req.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.oci.image.manifest.v1+json"));
        req.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.docker.distribution.manifest.v2+json"));
        using var resp = Http.Send(req);
        var bytes = resp.Content.ReadAsByteArrayAsync().Result;
        Assert.AreEqual(HttpStatusCode.OK, resp.StatusCode, Encoding.UTF8.GetString(bytes));
        return (JsonDocument.Parse(bytes).RootElement.Clone(), "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    private static byte[] GetBlob(string repo, string digest) =>
        Http.GetByteArrayAsync($"http://127.0.0.1:{_registry.Split(':')[1]}/v2/{repo}/blobs/{digest}").Result;

    private static string Docker(params string[] args)
    {
        var r = ContainerScripts.Capture("docker", args, new Dictionary<string, string> { ["DOCKER_HOST"] = _dockerHost! });
        if (r.ExitCode != 0) throw new AssertFailedException($"docker {string.Join(' ', args)}: {r.Output}");
        return r.Output;
    }


}
