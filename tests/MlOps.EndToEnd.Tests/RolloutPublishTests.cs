using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using k8s.Models;
using MlOps.EndToEnd.Tests.Infrastructure;

namespace MlOps.EndToEnd.Tests;

/// <summary>
/// Two models in one image (docs/rollout.md): v1 is built, v2 is published with MlOpsBaselineModel naming v1's model.zip
/// (beside its manifest.json), to the loopback registry. The image's app layer, read from the registry, holds v1's model.zip under
/// mlops/champion/ (its SHA-256) and mlops/rollout.json with both hashes; deployment.yaml runs MLOPS_ROLLOUT=shadow.
/// </summary>
[TestClass]
public sealed class RolloutPublishTests
{
    private static readonly string State = Path.Combine(Path.GetTempPath(), $"mlops-ro-{Environment.ProcessId}-{Guid.NewGuid():N}"[..30]);
    private static LocalRegistry _registry = null!;
    private static string _base = "";
    private static Dockerd _dockerd = null!;
    private static ModelProject _v1 = null!;
    private static ModelProject _v2 = null!;
    private static CommandResult _publish = null!;

    [ClassInitialize]
    public static void BuildV1AndPublishV2(TestContext _)
    {
        Directory.CreateDirectory(State);
        _dockerd = new Dockerd(State);
        _registry = LocalRegistry.Start(State);
        _base = _registry.PushBaseImage();

        _v1 = ModelProject.CreateSynthetic("rollout-v1", rows: 300, seed: 1);
        _v1.Set("Version", "1.0.0");
        BuildAssert.Succeeded(_v1.Build());

        // Other rows of the same columns: another model, fit to be compared with v1.
        _v2 = ModelProject.CreateSynthetic("rollout-v2", rows: 300, seed: 2);
        _v2.Set("Version", "2.0.0").Set("MlOpsBaselineModel", _v1.OutputFile("model.zip")).Set("MlOpsPublishPackage", "false");
        SdkFeed.WriteNuGetConfig(_v2.Directory);
        _publish = Publish();
    }

    [ClassCleanup]
    public static void StopEverything()
    {
        _dockerd?.Stop();
        _registry?.Dispose();
        try { Directory.Delete(State, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static CommandResult Publish(params string[] args)
    {
        var env = new Dictionary<string, string> { ["MLOPS_CONTAINERS_STATE"] = State };
        if (_dockerd.Started) env["DOCKER_HOST"] = _dockerd.Host;
        _v2.Save();
        return DotNet.Run(_v2.Directory, ["publish", "-c", "Debug", "-nodeReuse:false", "-tl:off", $"-p:ContainerBaseImage={_base}", $"-p:ContainerRegistry={_registry.Address}", .. args],
            env, TimeSpan.FromMinutes(6));
    }

    [TestMethod]
    public void TheImageHoldsTheChampionAndTheRoles()
    {
        BuildAssert.Succeeded(_publish);
        var v1Sha = Sha256(File.ReadAllBytes(_v1.OutputFile("model.zip")));
        Assert.AreEqual(_v1.Manifest.ModelSha256, v1Sha);
        Assert.AreNotEqual(v1Sha, _v2.Manifest.ModelSha256, "two different models");
        StringAssert.Contains(_publish.Output, $"MlOps: champion unknown ({_v1.OutputFile("model.zip")}) baked into the image beside challenger 2.0.0; MLOPS_ROLLOUT=shadow");

        var app = AppLayer("model", "2.0.0");
        Assert.AreEqual(v1Sha, Sha256(app["app/mlops/champion/model.zip"]), "the champion is v1's model.zip, byte for byte");
        Assert.AreEqual(_v2.Manifest.ModelSha256, Sha256(app["app/mlops/model.zip"]), "the challenger is this project's");
        CollectionAssert.AreEqual(File.ReadAllBytes(_v1.OutputFile("schema.json")), app["app/mlops/champion/schema.json"]);
        CollectionAssert.AreEqual(File.ReadAllBytes(_v1.OutputFile("manifest.json")), app["app/mlops/champion/manifest.json"]);

        using var rollout = JsonDocument.Parse(app["app/mlops/rollout.json"]);
        var challenger = rollout.RootElement.GetProperty("challenger");
        var champion = rollout.RootElement.GetProperty("champion");
        Assert.AreEqual(("2.0.0", _v2.Manifest.ModelSha256), (challenger.GetProperty("version").GetString(), challenger.GetProperty("sha256").GetString()));
        Assert.AreEqual(("unknown", v1Sha, _v1.OutputFile("model.zip")),
            (champion.GetProperty("version").GetString(), champion.GetProperty("sha256").GetString(), champion.GetProperty("source").GetString()));

        var deployment = KubernetesManifests.LoadFile<V1Deployment>(Path.Combine(_v2.Directory, "bin", "Debug", "net10.0", "publish", "k8s", "deployment.yaml"));
        var env = deployment.Spec.Template.Spec.Containers.Single().Env;
        Assert.AreEqual("shadow", env.Single(e => e.Name == "MLOPS_ROLLOUT").Value, "the default with a champion");
    }

    /// <summary>
    /// The staging smoke test of a two-model image: the container runs with MLOPS_ROLLOUT=canary:100, then champion,
    /// and each answer must name its model and version and equal that model's in-process prediction. Needs the
    /// service that reads mlops/champion/ and honours MLOPS_ROLLOUT (docs/rollout.md).
    /// </summary>
    [TestMethod]
    public void TheSmokeTestRunsEachModelOfTheImage()
    {
        _ = _dockerd.Host; // the smoke test runs the image under this class's dockerd
        var result = Publish("-p:MlOpsSmokeTest=true");
        BuildAssert.Succeeded(result);
        StringAssert.Contains(result.Output, "with MLOPS_ROLLOUT=canary:100 (hardened)");
        StringAssert.Contains(result.Output, "(the challenger 2.0.0, same as in-process)");
        StringAssert.Contains(result.Output, "with MLOPS_ROLLOUT=champion (hardened)");
        StringAssert.Contains(result.Output, "(the champion unknown, same as in-process)");
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The files of the image's last layer (the app the .NET SDK adds on the base), by path.</summary>
    private static Dictionary<string, byte[]> AppLayer(string repo, string tag)
    {
        var layer = _registry.Manifest(repo, tag).Manifest.GetProperty("layers").EnumerateArray().Last().GetProperty("digest").GetString()!;
        var blob = _registry.Blob(repo, layer);
        Assert.AreEqual(layer, "sha256:" + Sha256(blob), "the registry served the layer it names");

        var files = new Dictionary<string, byte[]>();
        using var tar = new TarReader(new GZipStream(new MemoryStream(blob), CompressionMode.Decompress));
        while (tar.GetNextEntry(copyData: true) is { } entry)
        {
            if (entry.DataStream is null) continue;
            using var bytes = new MemoryStream();
            entry.DataStream.CopyTo(bytes);
            files[entry.Name.TrimStart('.', '/')] = bytes.ToArray();
        }
        Assert.IsTrue(files.ContainsKey("app/mlops/model.zip"), string.Join(", ", files.Keys.Where(k => k.Contains("mlops", StringComparison.Ordinal))));
        return files;
    }
}
