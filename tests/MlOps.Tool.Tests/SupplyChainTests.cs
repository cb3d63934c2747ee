using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using MlOps.Tool.Package;
using NuGet.Packaging;

namespace MlOps.Tool.Tests;

/// <summary>
/// The supply-chain steps of publish, in process (docs/supply-chain.md): the sbom command's CycloneDX from an assets
/// file, and package-push's signing errors, each naming the setting and never the certificate's password.
/// </summary>
[TestClass]
[DoNotParallelize] // the signing certificate is read from this process's environment
public sealed class SupplyChainTests
{
    private const string Project = "<Project Sdk=\"MlOps.Sdk\">\n  <PropertyGroup>\n    <MlOpsSignPackage>true</MlOpsSignPackage>\n  </PropertyGroup>\n</Project>\n";

    [TestMethod]
    public async Task TheImageSbomListsTheRestoredPackagesTheBaseImageAndTheModel()
    {
        using var dir = new TempDir();
        var project = dir.Write("Model.csproj", Project);
        var assets = dir.Write("project.assets.json", """
            {"version":3,
             "targets":{"net10.0":{"Microsoft.ML/5.0.1":{"type":"package"},"Newtonsoft.Json/13.0.3":{"type":"package"},"Other.Project/1.0.0":{"type":"project"}},
                        "net10.0/linux-x64":{"Microsoft.ML/5.0.1":{"type":"package"}}},
             "libraries":{"Microsoft.ML/5.0.1":{"sha512":"AAECAw==","type":"package"},"Newtonsoft.Json/13.0.3":{"sha512":"BAUGBw==","type":"package"},"Other.Project/1.0.0":{"type":"project"}},
             "project":{"frameworks":{"net10.0":{"dependencies":{"Microsoft.ML":{"target":"Package"}}}}}}
            """);
        Directory.CreateDirectory(Path.Combine(dir.Root, "model"));
        dir.Write("model/model.zip", "zip bytes");
        dir.Write("model/manifest.json", "{}");
        File.WriteAllText(Path.Combine(dir.Root, "base.digest"), "sha256:" + new string('b', 64) + "\n");
        var output = Path.Combine(dir.Root, "sbom", "image.cdx.json");
        string[] options = [$"ProjectFile={project}", "Kind=image", "Name=churn", "Version=1.0.0", $"AssetsFile={assets}", $"ModelFolder={Path.Combine(dir.Root, "model")}",
            $"Output={output}", $"Image=localhost:5000/models/churn@sha256:{new string('a', 64)}", "BaseImage=localhost:5000/dotnet/aspnet:10.0", $"BaseImageDigestFile={Path.Combine(dir.Root, "base.digest")}"];

        var run = await ToolRun.Command("sbom", dir, options);

        Assert.AreEqual(0, run.Exit, run.Log);
        var root = JsonDocument.Parse(File.ReadAllBytes(output)).RootElement;
        Assert.AreEqual("1.6", root.GetProperty("specVersion").GetString());
        var subject = root.GetProperty("metadata").GetProperty("component");
        Assert.AreEqual("container", subject.GetProperty("type").GetString());
        Assert.AreEqual($"pkg:oci/churn@sha256%3A{new string('a', 64)}?repository_url=localhost%3A5000%2Fmodels%2Fchurn&tag=1.0.0", subject.GetProperty("purl").GetString());
        var components = root.GetProperty("components").EnumerateArray().ToDictionary(c => c.GetProperty("bom-ref").GetString()!);
        // Packages only (not the project reference), once each though two targets resolved Microsoft.ML, SHA-512 in hex.
        CollectionAssert.AreEquivalent(new[] { "pkg:nuget/Microsoft.ML@5.0.1", "pkg:nuget/Newtonsoft.Json@13.0.3" },
            components.Values.Where(c => c.TryGetProperty("purl", out var p) && p.GetString()!.StartsWith("pkg:nuget/")).Select(c => c.GetProperty("purl").GetString()).ToArray());
        Assert.AreEqual("00010203", components["pkg:nuget/Microsoft.ML@5.0.1"].GetProperty("hashes")[0].GetProperty("content").GetString());
        Assert.AreEqual("sha256:" + new string('b', 64), components["base-image"].GetProperty("version").GetString());
        Assert.AreEqual("localhost:5000/dotnet/aspnet", components["base-image"].GetProperty("name").GetString());
        Assert.AreEqual("machine-learning-model", components["model:model.zip"].GetProperty("type").GetString());
        // Direct dependencies only: the base image, the model and the project's own package reference.
        CollectionAssert.AreEquivalent(new[] { "base-image", "model:model.zip", "pkg:nuget/Microsoft.ML@5.0.1" },
            root.GetProperty("dependencies")[0].GetProperty("dependsOn").EnumerateArray().Select(d => d.GetString()).ToArray());

        // The same inputs give the same bytes (no clock, a serial number derived from the content).
        var first = File.ReadAllBytes(output);
        Assert.AreEqual(0, (await ToolRun.Command("sbom", dir, options)).Exit);
        CollectionAssert.AreEqual(first, File.ReadAllBytes(output));
    }

    [TestMethod]
    public async Task AMissingAssetsFileIsMlops5093()
    {
        using var dir = new TempDir();
        var project = dir.Write("Model.csproj", Project);
        var run = await ToolRun.Command("sbom", dir, [$"ProjectFile={project}", "Kind=package", "Name=Model", "Version=1.0.0",
            $"AssetsFile={Path.Combine(dir.Root, "obj", "project.assets.json")}", $"ModelFolder={dir.Root}", $"Output={Path.Combine(dir.Root, "p.cdx.json")}"]);
        Assert.AreNotEqual(0, run.Exit);
        StringAssert.Contains(run.Log, "error MLOPS5093:");
        StringAssert.Contains(run.Log, "project.assets.json");
    }

    [TestMethod]
    public async Task SigningWithoutACertificateIsMlops1080AtTheSetting()
    {
        using var dir = new TempDir();
        var run = await Sign(dir, certificate: null, password: null);
        StringAssert.Contains(run.Log, $"{Path.Combine(dir.Root, "Model.csproj")}(3) : error MLOPS1080: MlOpsSignPackage=true but no certificate");
        StringAssert.Contains(run.Log, "MLOPS_SIGNING_CERTIFICATE");
    }

    [TestMethod]
    public async Task AWrongPasswordIsMlops5090AndTheLogNeverShowsIt()
    {
        using var dir = new TempDir();
        var pfx = Path.Combine(dir.Root, "c.pfx");
        using (var certificate = Certificate(codeSigning: true)) File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pfx, "right-password-1"));
        var run = await Sign(dir, pfx, "wrong-password-2");
        StringAssert.Contains(run.Log, "error MLOPS5090:");
        StringAssert.Contains(run.Log, pfx);
        Assert.IsFalse(run.Log.Contains("password-2", StringComparison.Ordinal) || run.Log.Contains("password-1", StringComparison.Ordinal), run.Log);
    }

    [TestMethod]
    public async Task ACertificateWithoutTheCodeSigningUsageIsRefusedAsMlops5091()
    {
        using var dir = new TempDir();
        var pfx = Path.Combine(dir.Root, "c.pfx");
        using (var certificate = Certificate(codeSigning: false)) File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pfx, ""));
        var run = await Sign(dir, pfx, null);
        StringAssert.Contains(run.Log, "error MLOPS5091: NuGet refused to sign with the certificate CN=Server Only");
        Assert.IsFalse(File.Exists(Path.Combine(dir.Root, "out", "Model.1.0.0.nupkg")), "an unsigned package was put in place");
    }

    [TestMethod]
    public async Task AStaleTimestamperIsMlops5092()
    {
        using var dir = new TempDir();
        var pfx = Path.Combine(dir.Root, "c.pfx");
        using (var certificate = Certificate(codeSigning: true)) File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pfx, ""));
        // Port 9 on loopback: nothing listens, so the timestamp request fails at once, offline.
        var run = await Sign(dir, pfx, null, "Timestamper=http://127.0.0.1:9/tsa");
        StringAssert.Contains(run.Log, "error MLOPS5092: The timestamper http://127.0.0.1:9/tsa (MlOpsSigningTimestamper) did not timestamp the signature");
    }

    private static async Task<ToolRun.Result> Sign(TempDir dir, string? certificate, string? password, params string[] extra)
    {
        var project = dir.Write("Model.csproj", Project);
        var package = Path.Combine(dir.Root, "Model.1.0.0.nupkg");
        var builder = new PackageBuilder { Id = "Model", Version = NuGet.Versioning.NuGetVersion.Parse("1.0.0"), Description = "test" };
        builder.Authors.Add("test");
        builder.Files.Add(new PhysicalPackageFile(new MemoryStream("x"u8.ToArray())) { TargetPath = "mlops/model.zip" });
        using (var stream = File.Create(package)) builder.Save(stream);
        Environment.SetEnvironmentVariable(PackageSigning.CertificateVariable, certificate);
        Environment.SetEnvironmentVariable(PackageSigning.PasswordVariable, password);
        try
        {
            var run = await ToolRun.Command("package-push", dir, [$"ProjectFile={project}", $"Package={package}", $"OutputDirectory={Path.Combine(dir.Root, "out")}", "Sign=true", .. extra]);
            Assert.AreNotEqual(0, run.Exit, run.Log);
            return run;
        }
        finally
        {
            Environment.SetEnvironmentVariable(PackageSigning.CertificateVariable, null);
            Environment.SetEnvironmentVariable(PackageSigning.PasswordVariable, null);
        }
    }

    /// <param name="codeSigning">false: a TLS server certificate (serverAuth only), which NuGet does not sign with.</param>
    private static X509Certificate2 Certificate(bool codeSigning)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(codeSigning ? "CN=Test Signer" : "CN=Server Only", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(codeSigning ? "1.3.6.1.5.5.7.3.3" : "1.3.6.1.5.5.7.3.1")], false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }
}
