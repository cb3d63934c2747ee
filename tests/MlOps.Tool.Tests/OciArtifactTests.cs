using System.Text;
using System.Text.Json;
using MlOps.Core.Artifacts;
using MlOps.Core.Diagnostics;
using MlOps.Tool.Oci;

namespace MlOps.Tool.Tests;

[TestClass]
public sealed class OciArtifactTests
{
    [TestMethod]
    public void ManifestIsAnOci11ArtifactWithTheEmptyConfigTitledLayersAndLineageAnnotations()
    {
        using var dir = new TempDir();
        var folder = OciTestModel.Folder(dir, withCard: true);
        var artifact = ModelArtifact.FromFolder(folder, "1.4.0", new Dictionary<string, string?>
        {
            [OciAnnotations.Source] = "https://example.com/acme/churn",
            [OciAnnotations.Licenses] = "MIT",
            [OciAnnotations.Authors] = null,
        });

        var root = JsonDocument.Parse(artifact.ManifestBytes).RootElement;
        Assert.AreEqual(2, root.GetProperty("schemaVersion").GetInt32());
        Assert.AreEqual("application/vnd.oci.image.manifest.v1+json", root.GetProperty("mediaType").GetString());
        Assert.AreEqual("application/vnd.mlops.model.v1+json", root.GetProperty("artifactType").GetString());
        var config = root.GetProperty("config");
        Assert.AreEqual("application/vnd.oci.empty.v1+json", config.GetProperty("mediaType").GetString());
        Assert.AreEqual("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", config.GetProperty("digest").GetString());
        Assert.AreEqual(OciDigest.Of("{}"u8), config.GetProperty("digest").GetString(), "the empty config's digest is the hash of {}");
        Assert.AreEqual(2, config.GetProperty("size").GetInt64());

        var layers = root.GetProperty("layers").EnumerateArray().ToList();
        CollectionAssert.AreEqual(new[] { "model.zip", "schema.json", "metrics.json", "manifest.json", "model-card.md" },
            layers.Select(l => l.GetProperty("annotations").GetProperty("org.opencontainers.image.title").GetString()).ToArray());
        foreach (var layer in layers)
        {
            var file = Path.Combine(folder, layer.GetProperty("annotations").GetProperty("org.opencontainers.image.title").GetString()!);
            Assert.AreEqual(OciDigest.OfFile(file), layer.GetProperty("digest").GetString());
            Assert.AreEqual(new FileInfo(file).Length, layer.GetProperty("size").GetInt64());
            StringAssert.StartsWith(layer.GetProperty("mediaType").GetString(), "application/vnd.mlops.");
        }
        Assert.AreEqual("application/vnd.mlops.model.v1+zip", layers[0].GetProperty("mediaType").GetString());

        var annotations = root.GetProperty("annotations");
        Assert.AreEqual("1.4.0", annotations.GetProperty("org.opencontainers.image.version").GetString());
        Assert.AreEqual("0123456789abcdef0123456789abcdef01234567", annotations.GetProperty("org.opencontainers.image.revision").GetString());
        Assert.AreEqual(OciTestModel.Finished, DateTimeOffset.Parse(annotations.GetProperty("org.opencontainers.image.created").GetString()!));
        Assert.AreEqual(new string('a', 64), annotations.GetProperty("io.github.mlops-sdk.data.sha256").GetString(), "one data file: its own hash");
        Assert.AreEqual("LightGbm", annotations.GetProperty("io.github.mlops-sdk.model.trainer").GetString());
        Assert.AreEqual("RSquared", annotations.GetProperty("io.github.mlops-sdk.model.metric").GetString());
        Assert.AreEqual("https://example.com/acme/churn", annotations.GetProperty("org.opencontainers.image.source").GetString());
        Assert.AreEqual("MIT", annotations.GetProperty("org.opencontainers.image.licenses").GetString(), "the project's license expression");
        Assert.IsFalse(annotations.TryGetProperty("org.opencontainers.image.authors", out _), "an empty value is left out");
        Assert.IsFalse(annotations.EnumerateObject().Any(a => a.Name.StartsWith("io.mlops.", StringComparison.Ordinal)), "no key under the old namespace");
    }

    [TestMethod]
    public void TheSameModelGivesTheSameManifestDigestWhateverTheClockOrFileTimes()
    {
        using var dir = new TempDir();
        var folder = OciTestModel.Folder(dir);
        var first = ModelArtifact.FromFolder(folder, "1.0.0");
        foreach (var file in Directory.GetFiles(folder)) File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddDays(1));
        var second = ModelArtifact.FromFolder(folder, "1.0.0");
        Assert.AreEqual(first.ManifestDigest, second.ManifestDigest);
        CollectionAssert.AreEqual(first.ManifestBytes, second.ManifestBytes);
        Assert.AreEqual(OciDigest.Of(first.ManifestBytes), first.ManifestDigest);

        File.AppendAllText(Path.Combine(folder, ArtifactFiles.Metrics), " ");
        Assert.AreNotEqual(first.ManifestDigest, ModelArtifact.FromFolder(folder, "1.0.0").ManifestDigest, "a changed file changes the digest");
        Assert.AreNotEqual(first.ManifestDigest, ModelArtifact.FromFolder(folder, "1.0.1").ManifestDigest, "a new version changes the digest");
    }

    [TestMethod]
    public void DataHashOfSeveralFilesCoversEachFileAndItsRole()
    {
        DataFileRecord F(string role, string path, char c) => new(role, path, new string(c, 64), 10);
        var both = ModelArtifact.DataSha256([F("training", "train.csv", 'a'), F("test", "test.csv", 'b')]);
        Assert.IsTrue(OciDigest.IsValid("sha256:" + both));
        Assert.AreNotEqual(both, ModelArtifact.DataSha256([F("training", "train.csv", 'a'), F("test", "test.csv", 'c')]));
        Assert.AreNotEqual(both, ModelArtifact.DataSha256([F("training", "train.csv", 'a'), F("training", "test.csv", 'b')]));
    }

    [TestMethod]
    public void AMissingRequiredFileIsAnError()
    {
        using var dir = new TempDir();
        var folder = OciTestModel.Folder(dir);
        File.Delete(Path.Combine(folder, ArtifactFiles.Model));
        var e = Assert.ThrowsExactly<MlOpsException>(() => ModelArtifact.FromFolder(folder, "1.0.0"));
        Assert.AreEqual(ErrorCodes.ModelArtifactInputMissing, e.Code);
    }

    [TestMethod]
    [DataRow("localhost:5000/models/churn:1.0.0", "localhost:5000", "models/churn", "1.0.0", null, true)]
    [DataRow("oci:localhost:5000/models/churn:1.0.0", "localhost:5000", "models/churn", "1.0.0", null, true)]
    [DataRow("ghcr.io/acme/churn@sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "ghcr.io", "acme/churn", null, "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", false)]
    [DataRow("127.0.0.1:5000/m:v1_build.2@sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "127.0.0.1:5000", "m", "v1_build.2", "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", true)]
    [DataRow("localhost/a/b/c:latest", "localhost", "a/b/c", "latest", null, true)]
    public void ReferencesParse(string text, string registry, string repository, string? tag, string? digest, bool plainHttp)
    {
        Assert.IsTrue(OciReference.TryParse(text, requireTarget: true, out var r, out var problem), problem);
        Assert.AreEqual(registry, r!.Registry);
        Assert.AreEqual(repository, r.Repository);
        Assert.AreEqual(tag, r.Tag);
        Assert.AreEqual(digest, r.Digest);
        Assert.AreEqual(digest ?? tag, r.Target, "a digest pins the content, so it wins over the tag");
        Assert.AreEqual(plainHttp, r.IsPlainHttp);
        Assert.AreEqual(plainHttp ? "http" : "https", r.ApiBase.Scheme);
    }

    [TestMethod]
    [DataRow("models/churn:1.0.0", "registry")]
    [DataRow("localhost:5000/Models/churn:1.0.0", "repository")]
    [DataRow("localhost:5000/models/churn", "no tag or digest")]
    [DataRow("localhost:5000/models/churn:-bad", "tag")]
    [DataRow("localhost:5000/models/churn@sha256:abc", "sha256")]
    [DataRow("localhost:5000/models/churn:1.0.0+build", "tag")]
    public void BadReferencesSayWhatIsWrong(string text, string fragment)
    {
        Assert.IsFalse(OciReference.TryParse(text, requireTarget: true, out _, out var problem));
        StringAssert.Contains(problem, fragment);
    }

    [TestMethod]
    public void VersionsBecomeValidTags()
    {
        Assert.AreEqual("1.2.3-beta.1_sha.abc", OciReference.TagFromVersion("1.2.3-beta.1+sha.abc"));
        Assert.IsTrue(OciReference.IsValidTag(OciReference.TagFromVersion("1.2.3-beta.1+sha.abc")));
        Assert.IsTrue(OciReference.TryParse("localhost:5000/models/churn", requireTarget: false, out var bare, out _));
        Assert.AreEqual("localhost:5000/models/churn:2.0.0", bare!.WithTag("2.0.0").ToString());
        Assert.IsTrue(OciReference.TryParse("docker.io/acme/churn:1", requireTarget: true, out var hub, out _));
        Assert.AreEqual("https://registry-1.docker.io/v2/", hub!.ApiBase.ToString(), "Docker Hub's API host");
    }

    [TestMethod]
    public async Task LayoutIsWrittenWholeAndPullsBackWithEveryDigestVerified()
    {
        using var dir = new TempDir();
        var folder = OciTestModel.Folder(dir);
        var artifact = ModelArtifact.FromFolder(folder, "1.0.0");
        var layout = Path.Combine(dir.Root, "oci");
        OciLayout.Write(artifact, layout, "1.0.0");

        Assert.AreEqual("""{"imageLayoutVersion":"1.0.0"}""", File.ReadAllText(Path.Combine(layout, "oci-layout")));
        var entry = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(layout, "index.json"))).RootElement.GetProperty("manifests").EnumerateArray().Single();
        Assert.AreEqual(artifact.ManifestDigest, entry.GetProperty("digest").GetString());
        Assert.AreEqual("1.0.0", entry.GetProperty("annotations").GetProperty("org.opencontainers.image.ref.name").GetString());
        var blobFiles = Directory.GetFiles(Path.Combine(layout, "blobs", "sha256")).Select(Path.GetFileName).Order().ToList();
        CollectionAssert.AreEqual(artifact.Blobs.Select(b => OciDigest.Hex(b.Descriptor.Digest)).Append(OciDigest.Hex(artifact.ManifestDigest)).Order().ToList(), blobFiles);
        foreach (var file in Directory.GetFiles(Path.Combine(layout, "blobs", "sha256")))
            Assert.AreEqual("sha256:" + Path.GetFileName(file), OciDigest.OfFile(file), "every blob is stored under its own digest");
        Assert.IsFalse(Directory.GetDirectories(dir.Root).Any(d => d.Contains(".staging-")), "no staging folder left behind");

        var pulled = Path.Combine(dir.Root, "pulled");
        var result = await ArtifactPull.PullAsync(new OciLayout(layout), "1.0.0", pulled);
        Assert.AreEqual(artifact.ManifestDigest, result.ManifestDigest);
        foreach (var file in new[] { ArtifactFiles.Model, ArtifactFiles.Schema, ArtifactFiles.Metrics, ArtifactFiles.Manifest })
            CollectionAssert.AreEqual(File.ReadAllBytes(Path.Combine(folder, file)), File.ReadAllBytes(Path.Combine(pulled, file)), file);
        Assert.IsTrue(ArtifactPull.IsCached(pulled, artifact.ManifestDigest));
        Assert.IsTrue((await ArtifactPull.PullAsync(new OciLayout(layout), artifact.ManifestDigest, pulled)).Reused, "same digest: nothing downloaded again");
    }

    /// <summary>The test model written as an OCI layout tagged 1.0.0.</summary>
    private static (ModelArtifact Artifact, string Layout) Layout(TempDir dir)
    {
        var artifact = ModelArtifact.FromFolder(OciTestModel.Folder(dir), "1.0.0");
        var layout = Path.Combine(dir.Root, "oci");
        OciLayout.Write(artifact, layout, "1.0.0");
        return (artifact, layout);
    }

    [TestMethod]
    public async Task PullRejectsATamperedBlobAndLeavesThePreviousPullAlone()
    {
        using var dir = new TempDir();
        var (artifact, layout) = Layout(dir);
        var pulled = Path.Combine(dir.Root, "pulled");
        await ArtifactPull.PullAsync(new OciLayout(layout), "1.0.0", pulled);
        var good = File.ReadAllBytes(Path.Combine(pulled, ArtifactFiles.Model));

        // Same size, one byte changed: only the hash can tell.
        var modelBlob = Path.Combine(layout, "blobs", "sha256", OciDigest.Hex(artifact.Manifest.Layers[0].Digest));
        var bytes = File.ReadAllBytes(modelBlob);
        bytes[100] ^= 1;
        File.WriteAllBytes(modelBlob, bytes);
        File.Delete(Path.Combine(pulled, ArtifactPull.ManifestFile)); // force a fresh pull

        var e = await Assert.ThrowsExactlyAsync<MlOpsException>(() => ArtifactPull.PullAsync(new OciLayout(layout), "1.0.0", pulled));
        Assert.AreEqual(ErrorCodes.ModelArtifactDigestMismatch, e.Code);
        StringAssert.Contains(e.Message, "model.zip");
        CollectionAssert.AreEqual(good, File.ReadAllBytes(Path.Combine(pulled, ArtifactFiles.Model)), "a failed pull leaves the previous files");

        // A longer blob fails on its size.
        File.WriteAllBytes(modelBlob, [.. bytes, 0]);
        e = await Assert.ThrowsExactlyAsync<MlOpsException>(() => ArtifactPull.PullAsync(new OciLayout(layout), "1.0.0", pulled));
        Assert.AreEqual(ErrorCodes.ModelArtifactDigestMismatch, e.Code);
    }

    [TestMethod]
    public async Task PullRejectsATamperedManifestAndAWrongDigest()
    {
        using var dir = new TempDir();
        var (artifact, layout) = Layout(dir);
        var manifestBlob = Path.Combine(layout, "blobs", "sha256", OciDigest.Hex(artifact.ManifestDigest));
        File.WriteAllText(manifestBlob, File.ReadAllText(manifestBlob).Replace("1.0.0", "9.9.9"));

        var byTag = await Assert.ThrowsExactlyAsync<MlOpsException>(() => ArtifactPull.PullAsync(new OciLayout(layout), "1.0.0", Path.Combine(dir.Root, "a")));
        Assert.AreEqual(ErrorCodes.ModelArtifactDigestMismatch, byTag.Code);
        var byDigest = await Assert.ThrowsExactlyAsync<MlOpsException>(() => ArtifactPull.PullAsync(new OciLayout(layout), artifact.ManifestDigest, Path.Combine(dir.Root, "b")));
        Assert.AreEqual(ErrorCodes.ModelArtifactDigestMismatch, byDigest.Code);
        Assert.IsFalse(Directory.Exists(Path.Combine(dir.Root, "a")));

        File.WriteAllText(Path.Combine(layout, OciLayout.IndexFile), "{ not json");
        var broken = await Assert.ThrowsExactlyAsync<MlOpsException>(() => ArtifactPull.PullAsync(new OciLayout(layout), "1.0.0", Path.Combine(dir.Root, "c")));
        Assert.AreEqual(ErrorCodes.ModelArtifactNotAModel, broken.Code);
    }

    [TestMethod]
    public async Task PullRefusesLayerNamesThatEscapeTheFolderAndForeignArtifacts()
    {
        using var dir = new TempDir();
        var folder = OciTestModel.Folder(dir);
        var artifact = ModelArtifact.FromFolder(folder, "1.0.0");
        async Task<MlOpsException> PullOf(OciManifest manifest)
        {
            var registry = new FakeRegistry();
            foreach (var blob in artifact.Blobs) registry.Blobs[blob.Descriptor.Digest] = File.Exists(blob.FilePath) ? File.ReadAllBytes(blob.FilePath!) : blob.Bytes!;
            registry.Manifests["x"] = manifest.ToJson();
            using var client = new RegistryClient(new OciReference("registry.test", "m", "x", null), push: false, null, registry);
            return await Assert.ThrowsExactlyAsync<MlOpsException>(() => ArtifactPull.PullAsync(client, "x", Path.Combine(dir.Root, "out")));
        }
        var evil = artifact.Manifest with { Layers = [artifact.Manifest.Layers[0] with { Annotations = new Dictionary<string, string> { [OciAnnotations.Title] = "../../evil.zip" } }] };
        Assert.AreEqual(ErrorCodes.ModelArtifactNotAModel, (await PullOf(evil)).Code);
        var image = artifact.Manifest with { ArtifactType = null };
        StringAssert.Contains((await PullOf(image)).Message, "artifactType");
        Assert.IsFalse(File.Exists(Path.Combine(dir.Root, "evil.zip")));
    }
}
