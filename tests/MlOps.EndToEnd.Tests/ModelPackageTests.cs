using System.Diagnostics;
using System.Security;
using MlOps.Core.Artifacts;
using MlOps.Core.IO;
using MlOps.EndToEnd.Tests.Infrastructure;
using PackageArchiveReader = NuGet.Packaging.PackageArchiveReader;

namespace MlOps.EndToEnd.Tests;

/// <summary>
/// `dotnet publish` packs the model as a NuGet package and pushes it (folder feed, HTTP v3 feed, none); a console app
/// consumes it; `nuget:` baselines and the lineage target read it back. One model, trained once for the class.
/// </summary>
[TestClass]
public sealed class ModelPackageTests
{
    private const string Id = "Contoso.Houses.Model";
    private static ModelProject _model = null!;

    [ClassInitialize]
    public static void TrainOnce(TestContext _)
    {
        _model = Houses("package");
        // A git work tree, so the lineage has a commit to carry.
        foreach (var args in new[] { "init -q", "add -A", "-c user.email=e2e@example.com -c user.name=e2e commit -qm data" })
            Git(_model.Directory, args);
        BuildAssert.Succeeded(_model.Build("-c", "Release"));
    }

    [TestMethod]
    public void PublishPushesTheModelPackageWithItsLineageToAFolderFeed()
    {
        var feed = TempFolders.New("feed");
        BuildAssert.Succeeded(Publish(_model, "-p:Version=1.0.0", $"-p:MlOpsModelFeed={feed}"));

        var pushed = Path.Combine(feed, $"{Id}.1.0.0.nupkg");
        Assert.IsTrue(File.Exists(pushed), $"nothing pushed to {feed}");
        CollectionAssert.AreEqual(File.ReadAllBytes(PackageUnderBin("1.0.0")), File.ReadAllBytes(pushed), "the pushed package is not the one under bin/");
        using var reader = new PackageArchiveReader(pushed);
        var files = reader.GetFiles().ToList();
        foreach (var file in new[] { "lib/net10.0/Model.dll", "mlops/model.zip", "mlops/manifest.json", "mlops/metrics.json", "mlops/schema.json", "mlops/mlops.schema.json" })
            CollectionAssert.Contains(files, file, string.Join(", ", files));
        var nuspec = reader.NuspecReader;
        Assert.AreEqual(Id, nuspec.GetId());
        Assert.AreEqual("1.0.0", nuspec.GetVersion().ToNormalizedString());
        Assert.IsNotNull(nuspec.GetReadme(), "no readme");
        CollectionAssert.Contains(files, nuspec.GetReadme());

        var manifest = ReleaseManifest();
        var description = nuspec.GetDescription();
        foreach (var fragment in new[] { manifest.BestTrainer.Trainer, "RSquared = ", manifest.Data[0].Sha256, manifest.Git!.Commit })
            StringAssert.Contains(description, fragment);
        Assert.AreEqual(manifest.Git.Commit, nuspec.GetRepositoryMetadata().Commit);
        StringAssert.Contains(nuspec.GetTags(), "mlops");
        var dependencies = nuspec.GetDependencyGroups().SelectMany(g => g.Packages).Select(p => p.Id).ToList();
        CollectionAssert.Contains(dependencies, "Microsoft.ML", "the typed API's ML.NET is not a dependency");
        using (var model = reader.GetStream("mlops/model.zip"))
            Assert.AreEqual(manifest.ModelSha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(model)));

        // The lineage of the published version, in one command.
        var lineage = DotNet.Run(_model.Directory, ["build", "-nodeReuse:false", "-tl:off", "-t:MlOpsLineage", $"-p:MlOpsLineageOf=nuget:{Id}@1.0.0", $"-p:MlOpsModelFeed={feed}"]);
        BuildAssert.Succeeded(lineage);
        foreach (var fragment in new[] { $"{Id} 1.0.0", manifest.BestTrainer.Trainer, manifest.BestTrainer.Hyperparameters.Keys.First(), manifest.Data[0].Sha256,
                                         manifest.ModelSha256, manifest.Git.Commit, $"ML.NET {manifest.MlNetVersion}", "RSquared = " })
            StringAssert.Contains(lineage.Output, fragment);

        // A package whose model.zip is not the one its manifest describes is refused.
        var tampered = Path.Combine(TempFolders.New("tampered"), $"{Id}.1.0.0.nupkg");
        File.Copy(pushed, tampered);
        using (var zip = System.IO.Compression.ZipFile.Open(tampered, System.IO.Compression.ZipArchiveMode.Update))
        {
            zip.GetEntry("mlops/model.zip")!.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("mlops/model.zip").Open());
            writer.Write("not the trained model");
        }
        var refused = DotNet.Run(_model.Directory, ["build", "-nodeReuse:false", "-tl:off", "-t:MlOpsLineage", $"-p:MlOpsLineageOf={tampered}"]);
        BuildAssert.FailedWith(refused, "MLOPS5015", manifest.ModelSha256, "altered or damaged");
    }

    [TestMethod]
    public void AConsoleAppAddsTheModelPackageAndPredictsWithTheTypedApi()
    {
        var feed = TempFolders.New("feed-app");
        BuildAssert.Succeeded(Publish(_model, "-p:Version=1.1.0", $"-p:MlOpsModelFeed={feed}"));

        var app = TempFolders.New("app");
        SdkFeed.WriteNuGetConfig(app, false, ("models", feed));
        File.WriteAllText(Path.Combine(app, "App.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using Contoso.Houses;

            var small = HousesModel.Predict(new HousesInput { Size = 40, Rooms = 2, City = "Oslo" });
            var large = HousesModel.Predict(new HousesInput { Size = 190, Rooms = 5, City = "Oslo" });
            var batch = HousesModel.PredictBatch([new HousesInput { Size = 100, Rooms = 3, City = "Rome" }, new HousesInput { Size = 120, Rooms = 3, City = "Lima" }]);
            Console.WriteLine($"small={small.Value:0} large={large.Value:0} batch={batch.Count}");
            """);

        var add = DotNet.Run(app, ["add", "package", Id, "--version", "1.1.0"]);
        Assert.AreEqual(0, add.ExitCode, add.Output);
        var run = DotNet.Run(app, ["run"]);

        Assert.AreEqual(0, run.ExitCode, run.Output);
        var match = System.Text.RegularExpressions.Regex.Match(run.Output, @"small=(\d+) large=(\d+) batch=2");
        Assert.IsTrue(match.Success, run.Output);
        Assert.IsTrue(int.Parse(match.Groups[2].Value) > int.Parse(match.Groups[1].Value) + 100, $"a 190 m² house should cost far more than a 40 m² one: {match.Value}");
    }

    [TestMethod]
    public void PublishingAVersionTheFeedHasIsAnErrorAndLeavesTheFeedAlone()
    {
        var feed = TempFolders.New("feed-dup");
        BuildAssert.Succeeded(Publish(_model, "-p:Version=2.0.0", $"-p:MlOpsModelFeed={feed}"));
        var before = Snapshot(feed);

        var again = Publish(_model, "-p:Version=2.0.0", $"-p:MlOpsModelFeed={feed}");

        BuildAssert.FailedWith(again, "MLOPS5010", Id, "2.0.0", feed, "never overwritten");
        CollectionAssert.AreEquivalent(before, Snapshot(feed), "the feed changed");
    }

    [TestMethod]
    public void AnHttpFeedTakesThePushWithTheApiKeyFromTheEnvironmentAndTheKeyIsNeverPrinted()
    {
        const string key = "e2e-right-key-5b1d9c";
        const string wrongKey = "e2e-wrong-key-0a7e44";
        using var server = new NuGetTestServer(key);
        var feed = $"-p:MlOpsModelFeed={server.IndexUrl}";

        var refused = PublishWithApiKey(wrongKey, "-p:Version=3.0.0", feed);
        BuildAssert.FailedWith(refused, "MLOPS5011", Id, "3.0.0", "401", "MLOPS_NUGET_API_KEY");
        Assert.IsTrue(server.Packages.IsEmpty);

        var pushed = PublishWithApiKey(key, "-p:Version=3.0.0", feed);
        BuildAssert.Succeeded(pushed);
        Assert.IsTrue(server.Packages.ContainsKey($"{Id.ToLowerInvariant()}/3.0.0"), string.Join(", ", server.Requests));

        // The feed's 409 (it has no package-content resource to check beforehand) is the same clear error.
        var duplicate = PublishWithApiKey(key, "-p:Version=3.0.0", feed);
        BuildAssert.FailedWith(duplicate, "MLOPS5010", Id, "3.0.0", server.IndexUrl);

        foreach (var output in new[] { refused.Output, pushed.Output, duplicate.Output })
        {
            Assert.IsFalse(output.Contains(key), "the API key is in the build output");
            Assert.IsFalse(output.Contains(wrongKey), "the API key is in the build output");
        }
    }

    [TestMethod]
    public void AChallengerWorseThanTheLatestPublishedModelFailsChampionChallenger()
    {
        var feed = TempFolders.New("feed-champion");
        BuildAssert.Succeeded(Publish(_model, "-p:Version=1.0.0", $"-p:MlOpsModelFeed={feed}"));
        // The challenger learns from shuffled prices, and both are scored on the same clean test data.
        var challenger = Houses("challenger", shuffledLabels: true);
        challenger.Set("MlOpsBaselineModel", $"nuget:{Id}@latest").Set("MlOpsModelFeed", feed).Save();

        var result = TestProject.For(challenger).Test();

        Assert.AreNotEqual(0, result.ExitCode, result.Output);
        StringAssert.Contains(result.Output, $"nuget:{Id}@latest = {Id} 1.0.0 from {feed}");
        ModelCheckTests.AssertFailed(result, $"champion/challenger against {Id.ToLowerInvariant()}.1.0.0/model.zip",
            "worse than the baseline", "RSquared = ", "the baseline's ");
    }

    /// <summary>
    /// Also signs it with a self-made certificate from the environment (docs/supply-chain.md) and verifies it as a
    /// consumer on Linux would: `dotnet nuget verify` alone rejects the untrusted self-signed root (NU3018); a trusted
    /// signer entry for its fingerprint (allowUntrustedRoot) plus --certificate-fingerprint accepts it; an altered or
    /// unsigned copy still fails.
    /// </summary>
    [TestMethod]
    public void WithoutAFeedPublishWritesThePackageUnderBinAndPushesNothing()
    {
        var keys = Directory.CreateTempSubdirectory("mlops-sign-").FullName;
        var certificate = SigningCertificate.Create(keys, "CN=Contoso Models Test Signer");
        var result = DotNet.Run(_model.Directory, ["publish", "-nodeReuse:false", "-tl:off", "-p:Version=4.0.0", "-p:MlOpsSignPackage=true"], new Dictionary<string, string>
        {
            ["MLOPS_SIGNING_CERTIFICATE"] = certificate.PfxPath,
            ["MLOPS_SIGNING_CERTIFICATE_PASSWORD"] = certificate.Password,
        });

        BuildAssert.Succeeded(result);
        var package = PackageUnderBin("4.0.0");
        Assert.IsTrue(File.Exists(package), result.Output);
        StringAssert.Contains(result.Output, "no MlOpsModelFeed set, so the model package is not pushed");
        Assert.IsFalse(result.Output.Contains("MlOps: pushed"), result.Output);
        Assert.AreEqual(0, Directory.GetFiles(Path.GetDirectoryName(package)!, "*.tmp*").Length, "a temp file was left behind");
        Assert.AreEqual(0, Directory.GetFiles(Path.GetDirectoryName(package)!, "*.signed-*").Length, "a signing temp file was left behind");
        StringAssert.Contains(result.Output, $"MlOps: signed the model package with CN=Contoso Models Test Signer (SHA-256 fingerprint {certificate.Sha256Fingerprint}), no timestamp.");
        Assert.IsFalse(result.Output.Contains(certificate.Password, StringComparison.Ordinal), "the password reached the log");
        using (var reader = new PackageArchiveReader(package)) Assert.IsTrue(reader.IsSignedAsync(CancellationToken.None).GetAwaiter().GetResult());
        CycloneDxAssert.Valid(Path.ChangeExtension(package, ".cdx.json"), "library");
        // Publish's closing summary (what the terminal logger keeps on screen) says so, from the package itself.
        StringAssert.Contains(result.Output, $"MlOps:   model package {Path.GetRelativePath(_model.Directory, package)} (signed)");

        // Linux trusts no self-signed root: the signature is intact but its root is not trusted.
        var untrusted = Verify(keys, package);
        Assert.AreNotEqual(0, untrusted.ExitCode, untrusted.Output);
        StringAssert.Contains(untrusted.Output, "NU3018");

        // The consumer trusts this signer by fingerprint in their nuget.config, then verifies against it.
        var config = Path.Combine(keys, "nuget.config");
        File.WriteAllText(config, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration />\n");
        var trust = DotNet.Run(keys, ["nuget", "trust", "certificate", "ContosoModels", certificate.Sha256Fingerprint, "--allow-untrusted-root", "--configfile", config]);
        Assert.AreEqual(0, trust.ExitCode, trust.Output);
        var verified = Verify(keys, package, "--configfile", config, "--certificate-fingerprint", certificate.Sha256Fingerprint);
        Assert.AreEqual(0, verified.ExitCode, verified.Output);
        var otherSigner = Verify(keys, package, "--configfile", config, "--certificate-fingerprint", new string('0', 64));
        Assert.AreNotEqual(0, otherSigner.ExitCode, otherSigner.Output);
        StringAssert.Contains(otherSigner.Output, "NU3034");

        // Altered after signing: one more file in the zip breaks the signed content hash.
        var altered = Path.Combine(keys, "altered.nupkg");
        File.Copy(package, altered);
        using (var zip = System.IO.Compression.ZipFile.Open(altered, System.IO.Compression.ZipArchiveMode.Update))
            using (var writer = new StreamWriter(zip.CreateEntry("mlops/extra.txt").Open())) writer.Write("not what was signed");
        var tampered = Verify(keys, altered, "--configfile", config);
        Assert.AreNotEqual(0, tampered.ExitCode, tampered.Output);
        StringAssert.Contains(tampered.Output, "NU3008");
        // The signature removed: an unsigned package fails verification.
        var unsignedCopy = Path.Combine(keys, "unsigned.nupkg");
        File.Copy(package, unsignedCopy);
        using (var zip = System.IO.Compression.ZipFile.Open(unsignedCopy, System.IO.Compression.ZipArchiveMode.Update)) zip.GetEntry(".signature.p7s")!.Delete();
        var unsigned = Verify(keys, unsignedCopy, "--configfile", config);
        Assert.AreNotEqual(0, unsigned.ExitCode, unsigned.Output);
        StringAssert.Contains(unsigned.Output, "NU3004");
        Directory.Delete(keys, recursive: true);
    }

    private static CommandResult Verify(string directory, string package, params string[] args) =>
        DotNet.Run(directory, ["nuget", "verify", "--all", package, .. args]);

    /// <summary>House prices with a test file, packaged as Contoso.Houses.Model with the typed API HousesModel.</summary>
    private static ModelProject Houses(string name, bool shuffledLabels = false)
    {
        var project = ModelProject.CreateSynthetic(name, rows: 300, seed: 1);
        if (shuffledLabels) project.WriteData("data/train.csv", ShuffleLabels(SyntheticData.HousePrices(rows: 300, seed: 1)));
        project.WriteData("data/test.csv", SyntheticData.HousePrices(rows: 150, seed: 3));
        project.Item("MlOpsTestData", "data/test.csv")
               .Set("MlOpsMaxTrials", "3").Set("MlOpsPublishContainer", "false")
               .Set("PackageId", Id).Set("RootNamespace", "Contoso.Houses").Set("MlOpsApiName", "Houses")
               .Save();
        // The package depends on Microsoft.ML: the SDK feed plus the machine's own sources.
        SdkFeed.WriteNuGetConfig(project.Directory);
        return project;
    }

    private static string ShuffleLabels(string csv)
    {
        var lines = csv.TrimEnd('\n').Split('\n');
        var prices = lines[1..].Select(l => l[(l.LastIndexOf(',') + 1)..]).ToArray();
        new Random(7).Shuffle(prices);
        return string.Join('\n', [lines[0], .. lines[1..].Select((l, i) => l[..(l.LastIndexOf(',') + 1)] + prices[i])]) + "\n";
    }

    private static CommandResult Publish(ModelProject model, params string[] args) =>
        DotNet.Run(model.Directory, ["publish", "-nodeReuse:false", "-tl:off", .. args]);

    /// <summary>The API key reaches the push only through the environment, as in CI.</summary>
    private static CommandResult PublishWithApiKey(string apiKey, params string[] args) =>
        DotNet.Run(_model.Directory, ["publish", "-nodeReuse:false", "-tl:off", .. args], new Dictionary<string, string> { ["MLOPS_NUGET_API_KEY"] = apiKey });

    private static string PackageUnderBin(string version) =>
        Path.Combine(_model.Directory, "bin", "Release", "net10.0", "package", $"{Id}.{version}.nupkg");

    private static Manifest ReleaseManifest() =>
        MlOpsJson.Read<Manifest>(Path.Combine(_model.Directory, "bin", "Release", "net10.0", "mlops", ArtifactFiles.Manifest));

    private static Dictionary<string, (string, DateTime)> Snapshot(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(f => f, f => (FileHash.Sha256(f), File.GetLastWriteTimeUtc(f)));

    private static void Git(string directory, string arguments)
    {
        using var git = Process.Start(new ProcessStartInfo("git", arguments) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true })!;
        var error = git.StandardError.ReadToEnd();
        git.WaitForExit();
        Assert.AreEqual(0, git.ExitCode, $"git {arguments}: {error}");
    }
}
