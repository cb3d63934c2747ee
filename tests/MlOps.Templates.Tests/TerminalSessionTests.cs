using System.Formats.Tar;
using System.IO.Compression;
using System.Text.RegularExpressions;
using MlOps.Core.Artifacts;
using MlOps.Core.IO;
using MlOps.EndToEnd.Tests.Infrastructure;

namespace MlOps.Templates.Tests;

/// <summary>
/// The template's three commands as a user types them in a terminal, with .NET's default terminal logger and a time
/// budget (no trial limit, so two trainings would give two models): what the screen shows of each, that `dotnet build`,
/// `dotnet test` and `dotnet publish` train once, and that every shipped model.zip has the SHA-256 the tests checked.
/// </summary>
[TestClass]
public sealed class TerminalSessionTests
{
    private const int BudgetSeconds = 8;
    private static readonly string State = Path.Combine(Path.GetTempPath(), $"mlops-tty-{Environment.ProcessId}-{Guid.NewGuid():N}"[..30]);
    private static LocalRegistry _registry = null!;
    private static GeneratedSolution _solution = null!;
    private static Terminal _terminal = null!;
    private static CommandResult _build = null!, _test = null!, _publish = null!, _broken = null!, _quoted = null!, _compared = null!;
    private static int _multiLineRow;
    private static readonly List<string> LiveFrames = [];
    private static Manifest _afterBuild = null!;

    private static string ModelFolder(string configuration) => Path.Combine(_solution.ModelDirectory, "bin", configuration, "net10.0");

    [ClassInitialize]
    public static void BuildTestAndPublishInATerminal(TestContext _)
    {
        Directory.CreateDirectory(State);
        _registry = LocalRegistry.Start(State);
        var baseImage = _registry.PushBaseImage();
        _solution = GeneratedSolution.Create("Churn");
        var project = Path.Combine(_solution.ModelDirectory, "Churn.Model.csproj");
        File.WriteAllText(project, File.ReadAllText(project).Replace("<MlOpsTrainingTime>60</MlOpsTrainingTime>", $"<MlOpsTrainingTime>{BudgetSeconds}</MlOpsTrainingTime>"));

        _terminal = Terminal.Start(_solution.Directory, new Dictionary<string, string> { ["MLOPS_CONTAINERS_STATE"] = State });
        var timeout = TimeSpan.FromMinutes(8);
        _build = _terminal.Type("dotnet build", timeout, screen => { lock (LiveFrames) LiveFrames.Add(screen); });
        _afterBuild = StoredManifest();
        _test = _terminal.Type("dotnet test", timeout);
        _publish = _terminal.Type($"dotnet publish -p:ContainerBaseImage={baseImage}", timeout);
        _broken = _terminal.Type("dotnet build -p:MlOpsTrainingTime=soon", timeout);
        _quoted = _terminal.Type($"cd {QuotedCopy()} && dotnet build -p:MlOpsMaxTrials=1", timeout);
        // In the copy: its model (one more row) against the session's own, as a path baseline.
        _compared = _terminal.Type($"dotnet build {ModelProject} -t:MlOpsCompare -p:MlOpsMaxTrials=1 -p:MlOpsCompareBaseline={Path.Combine(ModelFolder("Debug"), "mlops")}", timeout);
    }

    /// <summary>
    /// A copy of the solution (so the session's own model is untouched) whose training data has one more row, its
    /// quoted text spanning two lines: read as one row, with warning MLOPS2018 naming the lines.
    /// </summary>
    private static string QuotedCopy()
    {
        var copy = _solution.Directory.TrimEnd('/') + "-quoted";
        foreach (var file in Directory.EnumerateFiles(_solution.Directory, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(_solution.Directory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        var train = Path.Combine(copy, Path.GetRelativePath(_solution.Directory, _solution.ModelDirectory), "data", "churn-train.csv");
        var text = File.ReadAllText(train).TrimEnd('\n', '\r');
        _multiLineRow = text.Split('\n').Length + 1;
        File.WriteAllText(train, text + "\nC999999,12,45.10,Month-to-month,Mailed check,1,false,1,\"router down\nagain today\",false\n");
        return copy;
    }

    private static string ModelProject => Path.GetRelativePath(_solution.Directory, _solution.ModelDirectory);

    [ClassCleanup]
    public static void Stop()
    {
        _terminal?.Dispose();
        _registry?.Dispose();
        try { Directory.Delete(State, recursive: true); } catch (IOException) { }
    }

    [TestMethod]
    public void BuildShowsLiveProgressAndLeavesASummaryOnScreen()
    {
        Assert.AreEqual(0, _build.ExitCode, _build.Output);
        // While training: the node's status line with elapsed/budget, trials done and the best so far.
        var live = new Regex($@"Churn\.Model\s+\d+/{BudgetSeconds} s\s+trial \d+, best AreaUnderRocCurve=0\.\d{{4}} \(\w+, trial \d+\)");
        Assert.IsTrue(LiveFrames.Any(live.IsMatch), "no live training status was ever on screen; last frames:\n" + string.Join("\n---\n", LiveFrames.TakeLast(3)));
        // After: the summary stays, with the task, the winner, the test metric and the output folder.
        StringAssert.Matches(_build.Output, new Regex(@"MlOps: best trainer \w+ for BinaryClassification \(trial \d+ of \d+\): AreaUnderRocCurve on test data = 0\.\d{4} \[data/churn-test\.csv\]; [\d.]+ s; outputs in bin/Debug/net10\.0/mlops/"));
        StringAssert.Matches(_build.Output, new Regex(@"Churn\.Model test succeeded \([\d.]+s\) → Churn\.Model/bin/Debug/net10\.0/mlops/"));
        StringAssert.Contains(_build.Output, "Build succeeded");
        // The console logger's trial lines are not what this logger shows.
        Assert.IsFalse(_build.Output.Contains("MlOps: trial"), _build.Output);
    }

    [TestMethod]
    public void CompareLeavesItsVerdictAndTheReportsPathOnScreen()
    {
        Assert.AreEqual(0, _compared.ExitCode, _compared.Output);
        StringAssert.Matches(_compared.Output, new Regex(@"MlOps: run comparison written: \S+mlops-compare\.html \(.+: AreaUnderRocCurve [\d.]+ → [\d.]+ \([+-]?[\d.]+, \w+\)"));
        Assert.IsTrue(File.Exists(Path.Combine(_solution.Directory.TrimEnd('/') + "-quoted", ModelProject, "bin", "Debug", "net10.0", "mlops-compare.html")));
        Assert.IsFalse(_compared.Output.Contains("MlOps: best trainer"), "the model was up to date, so comparing trained nothing:\n" + _compared.Output);
    }

    [TestMethod]
    public void AQuotedFieldSpanningLinesIsAWarningOnScreenNamingItsLines()
    {
        Assert.AreEqual(0, _quoted.ExitCode, _quoted.Output);
        StringAssert.Contains(_quoted.Output, "warning MLOPS2018", _quoted.Output);
        StringAssert.Contains(_quoted.Output, $"(lines {_multiLineRow}-{_multiLineRow + 1})", _quoted.Output);
    }

    [TestMethod]
    public void TestChecksTheBuiltModelWithoutTraining()
    {
        Assert.AreEqual(0, _test.ExitCode, _test.Output);
        // Every check passes; the one skipped test is the production checks' stand-in (no MlOpsProductionData here).
        var summary = Regex.Match(_test.Output, @"Test summary: total: (\d+), failed: 0, succeeded: (\d+), skipped: 1,");
        Assert.IsTrue(summary.Success, _test.Output);
        Assert.AreEqual(int.Parse(summary.Groups[1].Value) - 1, int.Parse(summary.Groups[2].Value), _test.Output);
        Assert.IsFalse(_test.Output.Contains("MlOps: best trainer"), "dotnet test trained again:\n" + _test.Output);
    }

    [TestMethod]
    public void PublishTrainsNothingAndShipsTheModelTheTestsChecked()
    {
        Assert.AreEqual(0, _publish.ExitCode, _publish.Output);
        Assert.IsFalse(_publish.Output.Contains("MlOps: best trainer"), "dotnet publish trained again:\n" + _publish.Output);
        var stored = StoredManifest();
        Assert.AreEqual(_afterBuild.StartedUtc, stored.StartedUtc, "the model was trained again after dotnet build");
        Assert.AreEqual(_afterBuild.ModelSha256, stored.ModelSha256);
        Assert.IsFalse(string.IsNullOrEmpty(stored.TrainingInputsSha256));

        var tested = FileHash.Sha256(Path.Combine(ModelFolder("Debug"), "mlops", "model.zip"));
        var verification = stored.Verification ?? throw new AssertFailedException("dotnet test recorded no verification in the manifest");
        Assert.AreEqual(tested, verification.ModelSha256, "the tests' model is not the stored one");
        Assert.IsTrue(verification.AllPassed, string.Join(", ", verification.Checks));
        CollectionAssert.AreEquivalent(new[] { "QualityGate", "Schema", "Drift" }, verification.Checks.Select(c => c.Category).ToList());

        var release = ModelFolder("Release");
        Assert.AreEqual(tested, FileHash.Sha256(Path.Combine(release, "mlops", "model.zip")), "Release has another model");
        var package = Directory.GetFiles(Path.Combine(release, "package"), "*.nupkg").Single();
        Assert.AreEqual(tested, Sha256OfZipEntry(package, "model.zip"), "the NuGet package ships another model");
        Assert.AreEqual(tested, Sha256OfLayerFile(Path.Combine(release, "container", "churn.model.tar.gz"), "mlops/model.zip"), "the scoring image ships another model");
        var shippedManifest = MlOpsJson.Deserialize<Manifest>(ZipEntryText(package, "manifest.json"));
        Assert.AreEqual(tested, shippedManifest.Verification?.ModelSha256, "the package's manifest does not say the model was tested");
        Assert.IsTrue(OciLayoutBlobs(Path.Combine(release, "oci")).Contains(tested), "the OCI artifact has no layer with the tested model.zip");
        // Project-relative data paths: the build machine's folders stay out of what ships.
        Assert.IsTrue(shippedManifest.Data.All(d => !Path.IsPathRooted(d.Path)), string.Join(", ", shippedManifest.Data.Select(d => d.Path)));

        // On screen: what shipped, by the hash the tests checked, and where each part went.
        StringAssert.Matches(_publish.Output, new Regex($@"MlOps: published Churn\.Model 1\.0\.0: model\.zip sha256:{tested[..12]}, the model dotnet test checked \({verification.Checks.Count} checks passed\)"));
        StringAssert.Matches(_publish.Output, new Regex(@"MlOps:\s+scoring image churn\.model:1\.0\.0@sha256:[0-9a-f]{64} \(archive \S+churn\.model\.tar\.gz\)"));
        StringAssert.Matches(_publish.Output, new Regex(@"MlOps:\s+model package \S+/package/Churn\.Model\.1\.0\.0\.nupkg"));
        StringAssert.Matches(_publish.Output, new Regex(@"MlOps:\s+model artifact \S+/oci/?:1\.0\.0@sha256:[0-9a-f]{64}"));
        StringAssert.Matches(_publish.Output, new Regex(@"MlOps:\s+SBOMs \S+\.cdx\.json, \S+\.cdx\.json"));
    }

    [TestMethod]
    public void ABadSettingIsAnErrorWithTheProjectFileAndLine()
    {
        Assert.AreNotEqual(0, _broken.ExitCode, _broken.Output);
        var line = File.ReadAllLines(Path.Combine(_solution.ModelDirectory, "Churn.Model.csproj")).ToList().FindIndex(l => l.Contains("<MlOpsTrainingTime>")) + 1;
        StringAssert.Matches(_broken.Output, new Regex($@"Churn\.Model\.csproj\({line}\): error MLOPS1\d{{3}}: MlOpsTrainingTime must be a number of seconds greater than 0, but is 'soon'\."));
        Assert.IsFalse(_broken.Output.Contains("   at "), "a stack trace reached the screen:\n" + _broken.Output);
    }

    private static Manifest StoredManifest() =>
        MlOpsJson.Read<Manifest>(Path.Combine(_solution.ModelDirectory, "obj", "mlops", "model", "manifest.json"));

    private static string Sha256OfZipEntry(string zip, string suffix)
    {
        using var archive = ZipFile.OpenRead(zip);
        using var stream = archive.Entries.Single(e => e.FullName.EndsWith(suffix, StringComparison.Ordinal)).Open();
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
    }

    private static string ZipEntryText(string zip, string suffix)
    {
        using var archive = ZipFile.OpenRead(zip);
        using var reader = new StreamReader(archive.Entries.Single(e => e.FullName.EndsWith("/" + suffix, StringComparison.Ordinal) || e.FullName == suffix).Open());
        return reader.ReadToEnd();
    }

    /// <summary>The image archive is a tar of blobs; each layer blob is a gzipped tar of the image's files.</summary>
    private static string Sha256OfLayerFile(string archive, string suffix)
    {
        using var outer = new TarReader(OpenMaybeGzip(archive));
        while (outer.GetNextEntry(copyData: true) is { } blob)
        {
            if (blob.DataStream is null || blob.Length < 2) continue;
            var bytes = new MemoryStream();
            blob.DataStream.CopyTo(bytes);
            if (bytes.Length < 2 || bytes.GetBuffer()[0] != 0x1f || bytes.GetBuffer()[1] != 0x8b) continue;
            bytes.Position = 0;
            using var layer = new TarReader(new GZipStream(bytes, CompressionMode.Decompress));
            while (layer.GetNextEntry(copyData: true) is { } file)
                if (file.Name.EndsWith(suffix, StringComparison.Ordinal) && file.DataStream is { } data)
                    return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(data));
        }
        throw new AssertFailedException($"no layer of {archive} holds {suffix}");
    }

    private static Stream OpenMaybeGzip(string path)
    {
        var file = File.OpenRead(path);
        var head = new byte[2];
        file.ReadExactly(head);
        file.Position = 0;
        return head is [0x1f, 0x8b] ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    /// <summary>The SHA-256 digests of every blob of an OCI image layout (a layer's digest is its file's SHA-256).</summary>
    private static HashSet<string> OciLayoutBlobs(string layout) =>
        Directory.GetFiles(Path.Combine(layout, "blobs", "sha256")).Select(Path.GetFileName).ToHashSet()!;
}
