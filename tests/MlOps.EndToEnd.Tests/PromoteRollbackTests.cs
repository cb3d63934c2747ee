using MlOps.EndToEnd.Tests.Infrastructure;
using MlOps.Tool.Oci;

namespace MlOps.EndToEnd.Tests;

/// <summary>
/// The registry tags of a real model project: publish v1 (image + model artifact to the loopback registry), promote;
/// publish v2, promote; roll back. Every check reads the tags back from the registry and compares digests.
/// </summary>
[TestClass]
public sealed class PromoteRollbackTests
{
    private const string ImageRepository = "model";          // the default: the project name, lower case
    private const string ArtifactRepository = "models/houses";
    private static readonly string State = Path.Combine(Path.GetTempPath(), $"mlops-tags-{Environment.ProcessId}-{Guid.NewGuid():N}"[..30]);

    [ClassCleanup]
    public static void Cleanup()
    {
        try { Directory.Delete(State, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    [TestMethod]
    public async Task PromoteTwiceThenRollBackLeavesProductionOnTheFirstDigests()
    {
        Directory.CreateDirectory(State);
        using var registry = LocalRegistry.Start(State);
        var baseImage = registry.PushBaseImage();
        var model = ModelProject.CreateSynthetic("promote", rows: 300, seed: 1).Set("MlOpsMaxTrials", "2").Set("Version", "1.0.0");
        model.Save();
        SdkFeed.WriteNuGetConfig(model.Directory);
        string[] settings = [$"-p:ContainerRegistry={registry.Address}", $"-p:MlOpsModelRegistry={registry.Address}/{ArtifactRepository}", $"-p:ContainerBaseImage={baseImage}"];
        var env = new Dictionary<string, string> { ["MLOPS_CONTAINERS_STATE"] = State };
        CommandResult Run(params string[] args)
        {
            model.Save();
            return DotNet.Run(model.Directory, [.. args, "-nodeReuse:false", "-tl:off", .. settings], env, TimeSpan.FromMinutes(5));
        }

        using var image = new RegistryClient(new OciReference(registry.Address, ImageRepository, null, null), push: false, null);
        using var artifact = new RegistryClient(new OciReference(registry.Address, ArtifactRepository, null, null), push: false, null);
        async Task<(string? Image, string? Artifact)> Tag(string tag) =>
            ((await image.ResolveAsync(tag, CancellationToken.None))?.Digest, (await artifact.ResolveAsync(tag, CancellationToken.None))?.Digest);

        BuildAssert.Succeeded(Run("publish", "-c", "Debug", "-p:MlOpsPublishPackage=false"));
        var v1 = await Tag("1.0.0");
        Assert.IsNotNull(v1.Image);
        Assert.IsNotNull(v1.Artifact);
        var promote1 = Run("msbuild", "-t:MlOpsPromote", "-p:Configuration=Debug");
        BuildAssert.Succeeded(promote1);
        Assert.AreEqual(v1, await Tag("production"));

        model.Set("Version", "2.0.0");
        BuildAssert.Succeeded(Run("publish", "-c", "Debug", "-p:MlOpsPublishPackage=false"));
        var v2 = await Tag("2.0.0");
        Assert.AreNotEqual(v1.Image, v2.Image);
        Assert.AreNotEqual(v1.Artifact, v2.Artifact);
        var promote2 = Run("msbuild", "-t:MlOpsPromote", "-p:Configuration=Debug");
        BuildAssert.Succeeded(promote2);
        StringAssert.Contains(promote2.Output, $"MlOps: {registry.Address}/{ImageRepository}: production {OciDigest.Hex(v1.Image!)[..12]} -> {OciDigest.Hex(v2.Image!)[..12]} (verified)");
        Assert.AreEqual(v2, await Tag("production"));
        Assert.AreEqual(v2, await Tag("staging"));
        Assert.AreEqual(v1, await Tag("production-previous"));

        var rollback = Run("msbuild", "-t:MlOpsRollback", "-p:Configuration=Debug");
        BuildAssert.Succeeded(rollback);
        Assert.AreEqual(v1, await Tag("production"));
        StringAssert.Contains(rollback.Output, $"MlOps: {registry.Address}/{ArtifactRepository}: production {OciDigest.Hex(v2.Artifact!)[..12]} -> {OciDigest.Hex(v1.Artifact!)[..12]} (verified)");
    }
}
