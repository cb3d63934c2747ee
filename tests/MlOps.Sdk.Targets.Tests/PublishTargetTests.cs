using MlOps.Sdk.Targets.Tests.Infrastructure;

namespace MlOps.Sdk.Targets.Tests;

/// <summary>The publish targets, named for their switches, and their old names still running users' hooks.</summary>
[TestClass]
public sealed class PublishTargetTests
{
    [TestMethod]
    public void ArtifactOptionsAndTheOldNamesHook()
    {
        using var project = new TargetProject().Set("Version", "1.2.3").Set("MlOpsModelRegistry", "localhost:5000/models/house")
            .Extra("""  <Target Name="UserHook" AfterTargets="MlOpsPublishModelArtifact"><Message Importance="high" Text="hook saw $(MlOpsModelArtifactReference)" /></Target>""");

        var before = project.Build();
        var result = project.Run("-t:MlOpsTrain;MlOpsPublishArtifact");

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Output, "hook saw fake/model:1.0.0@sha256:0000", "a hook on the old name runs after the renamed target");
        var artifact = Path.Combine(project.Directory, "obj", "Debug", "net10.0", "mlops", "artifact.options");
        var options = File.ReadAllLines(artifact);
        CollectionAssert.AreEquivalent(new[]
        {
            $"ProjectFile={project.ProjectFile}",
            $"ModelFolder={Path.Combine(project.Directory, "bin", "Debug", "net10.0", "mlops")}/",
            "Version=1.2.3", "Tag=", "Source=", "Registry=localhost:5000/models/house", "Layout=",
            // The project's metadata (README, "Conventions"): Authors defaults to the project name, as NuGet's does.
            "Authors=Model", "Description=", "License=", "ProjectUrl=", "Copyright=",
            $"ReferenceFile={Path.Combine(project.Directory, "obj", "Debug", "net10.0", "mlops", "artifact.ref")}",
            // The package SBOM (docs/supply-chain.md) travels as a layer of the artifact.
            $"Sbom={Path.Combine(project.Directory, "bin", "Debug", "net10.0", "publish", "sbom", "package.cdx.json")}",
        }, options, string.Join("\n", options));
        Assert.IsTrue(before.Count > 0);
    }

    [TestMethod]
    public void ThePackageSbomIsWrittenFromTheRestoredAssetsIntoPublishSbom()
    {
        using var project = new TargetProject().Set("Version", "1.2.3").Set("PackageId", "Contoso.Houses.Model");
        project.Build();

        var sbom = TargetProject.OneCall(project.Build("-t:_MlOpsWritePackageSbom"), "sbom");
        Assert.AreEqual("package", sbom["Kind"]);
        Assert.AreEqual("Contoso.Houses.Model", sbom["Name"]);
        Assert.AreEqual("1.2.3", sbom["Version"]);
        Assert.AreEqual(Path.Combine(project.Directory, "obj", "project.assets.json"), sbom["AssetsFile"], "NuGet's ProjectAssetsFile");
        Assert.AreEqual(Path.Combine(project.Directory, "bin", "Debug", "net10.0", "publish", "sbom", "package.cdx.json"), sbom["Output"]);
        Assert.AreEqual(0, project.Build("-t:_MlOpsWritePackageSbom", "-p:MlOpsSbom=false").Count, "MlOpsSbom=false writes none");
    }

    [TestMethod]
    public void ATimestamperThatIsNoUrlIsMlops1081BeforeAnythingIsPacked()
    {
        using var project = new TargetProject().Set("MlOpsSignPackage", "true").Set("MlOpsSigningTimestamper", "timestamp.example.com");
        var result = project.RunRecorded(out var calls, "-t:_MlOpsCheckSigning");
        Assert.AreNotEqual(0, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Output, "error MLOPS1081: MlOpsSigningTimestamper 'timestamp.example.com' is not an http(s) URL");
        Assert.AreEqual(0, calls.Count);
        Assert.AreEqual(0, project.RunRecorded(out _, "-t:_MlOpsCheckSigning", "-p:MlOpsSigningTimestamper=http://timestamp.example.com").ExitCode);
    }

    [TestMethod]
    [DataRow("MlOpsPublishContainer", "MlOpsPublish")]
    [DataRow("MlOpsPublishPackage", "MlOpsPushModel")]
    [DataRow("MlOpsPublishArtifact", "MlOpsPublishModelArtifact")]
    public void SwitchNamesItsTargetAndTheOldNameFollows(string target, string oldName)
    {
        // Switched off, the target does no work, but hooks on either name still run in order.
        using var project = new TargetProject().Set(target, "false")
            .Extra($"""
                  <Target Name="HookNew" AfterTargets="{target}"><Message Importance="high" Text="after {target}." /></Target>
                  <Target Name="HookOld" AfterTargets="{oldName}"><Message Importance="high" Text="after {oldName}." /></Target>
                """);

        var result = project.Run($"-t:{target}");

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        var newAt = result.Output.IndexOf($"after {target}.", StringComparison.Ordinal);
        var oldAt = result.Output.IndexOf($"after {oldName}.", StringComparison.Ordinal);
        Assert.IsTrue(newAt >= 0 && oldAt > newAt, result.Output);
    }

    [TestMethod]
    public void MonitoringFilesAreRewrittenOnlyWhenASettingChanges()
    {
        using var project = new TargetProject().Item("<MlOpsQualityGate Include=\"R2\" Minimum=\"0.8\" />");
        project.Build();

        var first = TargetProject.OneCall(project.Build("-t:_MlOpsWriteMonitoring"), "monitoring");
        Assert.AreEqual(Path.Combine(project.Directory, "bin", "Debug", "net10.0", "publish", "monitoring") + "/", first["OutputDirectory"], "next to publish's k8s/");
        CollectionAssert.AreEqual(new[] { "R2|0.8|" }, first.All("Gate").ToArray());
        Assert.AreEqual("10m", first["AlertFor"]);
        Assert.AreEqual("0.5", first["AlertLatency"]);
        Assert.AreEqual("0.2", first["DriftThreshold"]);
        Assert.AreEqual("model", first["Name"], "the container repository, as the Kubernetes manifests are named");

        var again = project.Build("-t:_MlOpsWriteMonitoring");
        Assert.AreEqual(0, again.Count, "up to date: " + string.Join("; ", again));
        var changed = TargetProject.OneCall(project.Build("-t:_MlOpsWriteMonitoring", "-p:MlOpsAlertFor=30m"), "monitoring");
        Assert.AreEqual("30m", changed["AlertFor"]);
    }

    // Prints what the host project would be given, without restoring or publishing it.
    private const string ShowHost = """  <Target Name="ShowHost" DependsOnTargets="_MlOpsComputePublishSettings"><Message Importance="high" Text="host: $(_MlOpsHostProperties)" /></Target>""";

    [TestMethod]
    public void WithABaselineThePublishStagesTheChampionAndPassesItToTheHost()
    {
        using var project = new TargetProject().Set("Version", "2.0.0").Set("MlOpsBaselineModel", "../v1/mlops").Extra(ShowHost)
            .Set("ContainerRegistry", "localhost:5000").Set("MlOpsModelRegistry", "localhost:5000/models/house");
        project.Build();

        var calls = project.Build("-t:_MlOpsRolloutPair");
        var pair = TargetProject.OneCall(calls, "rollout-pair");
        var rollout = Path.Combine(project.Directory, "obj", "Debug", "net10.0", "mlops", "rollout") + "/";
        Assert.AreEqual("../v1/mlops", pair["Reference"]);
        Assert.AreEqual(rollout, pair["OutputDirectory"]);
        Assert.AreEqual("shadow", pair["RolloutMode"], "the default with a champion");
        Assert.AreEqual(("Deployment", "10;50;100", "5m", "0.01"), (pair["Rollout"], pair["CanarySteps"], pair["CanaryPause"], pair["MaxErrorRate"]));
        Assert.AreEqual("2.0.0", pair["Version"]);
        // One option holding both registries (an unescaped ';' would split it into two items, the second no key=value).
        Assert.AreEqual("localhost:5000;localhost:5000/models/house", pair["PublishRegistries"], "the registries the SDK's login may go to");
        Assert.AreEqual(0, project.Build("-t:_MlOpsRolloutPair").Count, "an unchanged publish does not pair again");

        var host = project.Run("-t:ShowHost");
        Assert.AreEqual(0, host.ExitCode, host.ToString());
        StringAssert.Contains(host.Output, $"MlOpsChampionFolder={rollout}champion/;MlOpsRolloutFile={rollout}rollout.json");
        // The fake tool staged what the real one would: the host's Content picks it up from there.
        Assert.IsTrue(File.Exists(Path.Combine(rollout, "champion", "model.zip")));

        var off = TargetProject.OneCall(project.Build("-t:_MlOpsRolloutPair", "-p:MlOpsRolloutBaseline=false"), "rollout-pair");
        Assert.AreEqual("off", off["RolloutMode"], "the default without a champion");
        Assert.IsFalse(off.Keys.Contains("Reference"), off.ToString());
        var noChampion = project.Run("-t:ShowHost", "-p:MlOpsRolloutBaseline=false");
        Assert.IsFalse(noChampion.Output.Contains("MlOpsChampionFolder", StringComparison.Ordinal), noChampion.Output);
    }
}
