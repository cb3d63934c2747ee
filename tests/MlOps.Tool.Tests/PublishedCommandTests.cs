using System.IO.Compression;
using MlOps.Core.Artifacts;
using MlOps.Core.IO;
using MlOps.Core.Schema;

namespace MlOps.Tool.Tests;

/// <summary>Publish's last lines: what shipped, read from the files (the model's hash, the package's signature), not from the settings.</summary>
[TestClass]
public sealed class PublishedCommandTests
{
    private static readonly string Sha = new('a', 64);

    private static List<string> Lines(TempDir temp, Manifest manifest, params string[] options)
    {
        var file = Path.Combine(temp.Root, "published.options");
        File.WriteAllLines(file, ["ModelFolder=" + temp.Root, "Name=Homes", "Version=1.2.3", .. options]);
        return PublishedCommand.Lines(OptionsFile.Read(file), manifest, Sha).ToList();
    }

    private static Manifest Tested(string sha, params bool[] passed) => CardSamples.For(MlTask.Regression).Manifest with
    {
        Verification = new VerificationRecord(sha, DateTimeOffset.UnixEpoch, passed.Select((p, i) => new CheckResultRecord($"check {i}", "QualityGate", p, DateTimeOffset.UnixEpoch)).ToList()),
    };

    [TestMethod]
    public void TheHeadlineSaysWhetherDotnetTestCheckedThisVeryModel()
    {
        using var temp = new TempDir();
        var untested = CardSamples.For(MlTask.Regression).Manifest with { Verification = null };
        Assert.AreEqual("MlOps: published Homes 1.2.3: model.zip sha256:aaaaaaaaaaaa, the model dotnet test checked (2 checks passed)", Lines(temp, Tested(Sha, true, true))[0]);
        StringAssert.Contains(Lines(temp, Tested(Sha, true, false))[0], "1 of 2 checks failed");
        StringAssert.Contains(Lines(temp, Tested(new string('b', 64), true))[0], "NOT the model dotnet test checked");
        StringAssert.Contains(Lines(temp, untested)[0], "not checked by dotnet test");
    }

    [TestMethod]
    public void APackageIsCalledSignedOnlyWhenItHoldsASignatureAndMissingFilesAreNotListed()
    {
        using var temp = new TempDir();
        var plain = Path.Combine(temp.Root, "Homes.1.2.3.nupkg");
        using (var zip = ZipFile.Open(plain, ZipArchiveMode.Create)) zip.CreateEntry("Homes.nuspec");
        var signed = Path.Combine(temp.Root, "signed.nupkg");
        using (var zip = ZipFile.Open(signed, ZipArchiveMode.Create)) zip.CreateEntry(".signature.p7s");
        var sbom = Path.Combine(temp.Root, "package.cdx.json");
        File.WriteAllText(sbom, "{}");

        var lines = Lines(temp, Tested(Sha, true), "Package=" + plain, "Feed=https://nuget.example.com/v3/index.json", "Artifact=localhost:5000/models/homes:1.2.3@sha256:" + Sha,
            "Sbom=" + sbom, "Sbom=" + Path.Combine(temp.Root, "image.cdx.json"));

        CollectionAssert.Contains(lines, $"MlOps:   model package {plain}, pushed to https://nuget.example.com/v3/index.json");
        CollectionAssert.Contains(lines, $"MlOps:   model artifact localhost:5000/models/homes:1.2.3@sha256:{Sha}");
        CollectionAssert.Contains(lines, "MlOps:   SBOMs package.cdx.json (CycloneDX, in the model artifact)");
        Assert.IsFalse(lines.Any(l => l.Contains("scoring image")), "no image was built");
        CollectionAssert.Contains(Lines(temp, Tested(Sha, true), "Package=" + signed), $"MlOps:   model package {signed} (signed)");
        // Under the project: as the build's summary shows paths, relative to it.
        CollectionAssert.Contains(Lines(temp, Tested(Sha, true), "Package=" + signed, "ProjectDirectory=" + temp.Root), "MlOps:   model package signed.nupkg (signed)");
    }
}
