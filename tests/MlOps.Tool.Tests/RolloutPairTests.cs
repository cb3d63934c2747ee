using System.Text;
using System.Text.Json;
using MlOps.Core.Artifacts;
using MlOps.Core.IO;
using MlOps.Core.Rollout;
using MlOps.Core.Schema;
using MlOps.Tool.Rollout;

namespace MlOps.Tool.Tests;

/// <summary>
/// rollout-pair (docs/rollout.md, "Two models in one image"), in process on model folders whose model.zip is bytes:
/// the champion is staged with rollout.json holding both models' real SHA-256, an unfit or altered champion is refused
/// at MlOpsBaselineModel's line, and the rollout settings are checked (MLOPS1040, MLOPS5062) before any image is built.
/// </summary>
[TestClass]
public sealed class RolloutPairTests
{
    private const string Project = "<Project Sdk=\"MlOps.Sdk\">\n  <PropertyGroup>\n    <Version>2.0.0</Version>\n    <MlOpsBaselineModel>v1/mlops</MlOpsBaselineModel>\n    <MlOpsRolloutMode>canary:10</MlOpsRolloutMode>\n  </PropertyGroup>\n</Project>\n";

    private static DataSchema Schema(MlTask task = MlTask.Regression, string label = "price", params (string Name, ColumnKind Kind)[] features) => new()
    {
        Label = label, Task = task,
        Columns = [new ColumnSchema { Name = label, Kind = ColumnKind.Numeric }, .. features.Select(f => new ColumnSchema { Name = f.Name, Kind = f.Kind })],
    };

    /// <summary>A model folder: model.zip of the given bytes, its manifest recording their hash (or <paramref name="recorded"/>), the schema.</summary>
    private static string ModelFolder(TempDir dir, string name, string bytes, DataSchema schema, string? recorded = null)
    {
        var folder = Path.Combine(dir.Root, name, "mlops");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, ArtifactFiles.Model), Encoding.UTF8.GetBytes(bytes));
        var manifest = OciTestModel.Lineage() with { ModelSha256 = recorded ?? FileHash.Sha256(Path.Combine(folder, ArtifactFiles.Model)) };
        File.WriteAllText(Path.Combine(folder, ArtifactFiles.Manifest), MlOpsJson.Serialize(manifest));
        File.WriteAllText(Path.Combine(folder, ArtifactFiles.Schema), SchemaJson.Serialize(schema));
        return folder;
    }

    private static IEnumerable<string> Options(TempDir dir, string project, string challenger, string? reference, string mode = "canary:10") =>
    [
        $"ProjectFile={project}", $"RolloutMode={mode}", "Rollout=Deployment", "CanarySteps=10;50;100", "CanaryPause=5m",
        "PrometheusAddress=http://prometheus.monitoring:9090", "MaxRegression=0", "MaxErrorRate=0.01",
        $"ModelFolder={challenger}/", "Version=2.0.0", $"OutputDirectory={Path.Combine(dir.Root, "staged")}/",
        .. reference is null ? Array.Empty<string>() : [$"Reference={reference}", $"CacheDirectory={Path.Combine(dir.Root, "cache")}/"],
    ];

    [TestMethod]
    public async Task AFittingChampionIsStagedWithBothRealHashes()
    {
        using var dir = new TempDir();
        var project = dir.Write("Model.csproj", Project);
        // The challenger has one more feature than the champion: still a fit.
        var champion = ModelFolder(dir, "v1", "champion bytes", Schema(features: [("rooms", ColumnKind.Numeric), ("city", ColumnKind.Categorical)]));
        var challenger = ModelFolder(dir, "v2", "challenger bytes", Schema(features: [("rooms", ColumnKind.Numeric), ("city", ColumnKind.Categorical), ("age", ColumnKind.Numeric)]));

        var run = await ToolRun.Command("rollout-pair", dir, Options(dir, project, challenger, "v1/mlops"));

        Assert.AreEqual(0, run.Exit, run.Log);
        var staged = Path.Combine(dir.Root, "staged");
        foreach (var file in RolloutFile.ChampionFiles)
            CollectionAssert.AreEqual(File.ReadAllBytes(Path.Combine(champion, file)), File.ReadAllBytes(Path.Combine(staged, "champion", file)), file);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(staged, "rollout.json")));
        var root = json.RootElement;
        Assert.AreEqual("2.0.0", root.GetProperty("challenger").GetProperty("version").GetString());
        Assert.AreEqual(Sha256Hex("challenger bytes"), root.GetProperty("challenger").GetProperty("sha256").GetString());
        Assert.AreEqual("unknown", root.GetProperty("champion").GetProperty("version").GetString(), "a path has no version");
        Assert.AreEqual(Sha256Hex("champion bytes"), root.GetProperty("champion").GetProperty("sha256").GetString());
        Assert.AreEqual("v1/mlops", root.GetProperty("champion").GetProperty("source").GetString());
        StringAssert.Contains(run.Log, "MlOps: champion unknown (v1/mlops) baked into the image beside challenger 2.0.0; MLOPS_ROLLOUT=canary:10");
    }

    private static string Sha256Hex(string text) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [TestMethod]
    public async Task AChampionThatDoesNotFitIsMlOps5060AtTheBaselineLine()
    {
        using var dir = new TempDir();
        var project = dir.Write("Model.csproj", Project);
        ModelFolder(dir, "v1", "champion", Schema(features: [("rooms", ColumnKind.Numeric), ("city", ColumnKind.Text), ("floor", ColumnKind.Numeric)]));
        var challenger = ModelFolder(dir, "v2", "challenger", Schema(features: [("rooms", ColumnKind.Numeric), ("city", ColumnKind.Categorical)]));

        var run = await ToolRun.Command("rollout-pair", dir, Options(dir, project, challenger, "v1/mlops"));

        Assert.AreEqual(1, run.Exit);
        StringAssert.StartsWith(run.Log, $"{project}(4) : error MLOPS5060: ");
        StringAssert.Contains(run.Log, "the feature 'city' is Text for the champion but Categorical for the challenger");
        StringAssert.Contains(run.Log, "the champion's feature 'floor' is not in the challenger's schema");
        Assert.IsFalse(File.Exists(Path.Combine(dir.Root, "staged", "rollout.json")), "nothing staged");
    }

    [TestMethod]
    public void TheFitCheckNamesTaskAndLabel()
    {
        var problems = ChampionFit.Problems(Schema(MlTask.BinaryClassification, "churn"), Schema(MlTask.Regression, "price"));
        CollectionAssert.AreEqual(new[]
        {
            "the champion is a BinaryClassification model, the challenger a Regression model",
            "the champion predicts 'churn', the challenger 'price'",
        }, problems.ToArray());
        Assert.AreEqual(0, ChampionFit.Problems(Schema(features: [("a", ColumnKind.Numeric)]), Schema(features: [("a", ColumnKind.Numeric)])).Count);
    }

    [TestMethod]
    public async Task AChampionWhoseModelIsNotItsManifestsIsMlOps5061()
    {
        using var dir = new TempDir();
        var project = dir.Write("Model.csproj", Project);
        ModelFolder(dir, "v1", "champion", Schema(), recorded: new string('0', 64));
        var challenger = ModelFolder(dir, "v2", "challenger", Schema());

        var run = await ToolRun.Command("rollout-pair", dir, Options(dir, project, challenger, "v1/mlops"));

        Assert.AreEqual(1, run.Exit);
        StringAssert.StartsWith(run.Log, $"{project}(4) : error MLOPS5061: The model.zip of the champion ({Path.Combine(dir.Root, "v1", "mlops")}) has SHA-256 {Sha256Hex("champion")}");
    }

    [TestMethod]
    [DataRow("canary:101")]
    [DataRow("canary:")]
    [DataRow("blue-green")]
    public async Task ABadModeIsMlOps1040AtItsLine(string mode)
    {
        using var dir = new TempDir();
        var project = dir.Write("Model.csproj", Project);
        var challenger = ModelFolder(dir, "v2", "challenger", Schema());

        var run = await ToolRun.Command("rollout-pair", dir, Options(dir, project, challenger, "v1/mlops", mode));

        Assert.AreEqual(1, run.Exit);
        StringAssert.StartsWith(run.Log, $"{project}(5) : error MLOPS1040: MlOpsRolloutMode is '{mode}'; expected off, shadow, champion or canary:<percent>");
    }

    [TestMethod]
    public async Task WithoutAChampionOnlyOffIsAcceptedAndAnEarlierChampionIsRemoved()
    {
        using var dir = new TempDir();
        var project = dir.Write("Model.csproj", Project);
        ModelFolder(dir, "v1", "champion", Schema());
        var challenger = ModelFolder(dir, "v2", "challenger", Schema());
        var first = await ToolRun.Command("rollout-pair", dir, Options(dir, project, challenger, null, "off"));
        Assert.AreEqual(0, first.Exit, "a first publish without a champion has nothing staged yet: " + first.Log);
        Assert.AreEqual(0, (await ToolRun.Command("rollout-pair", dir, Options(dir, project, challenger, "v1/mlops"))).Exit);
        Assert.IsTrue(File.Exists(Path.Combine(dir.Root, "staged", "rollout.json")));

        var shadow = await ToolRun.Command("rollout-pair", dir, Options(dir, project, challenger, null, "shadow"));
        Assert.AreEqual(1, shadow.Exit);
        StringAssert.StartsWith(shadow.Log, $"{project}(5) : error MLOPS5062: MlOpsRolloutMode is 'shadow', but the image has no champion");

        var off = await ToolRun.Command("rollout-pair", dir, Options(dir, project, challenger, null, "off"));
        Assert.AreEqual(0, off.Exit, off.Log);
        Assert.IsFalse(Directory.Exists(Path.Combine(dir.Root, "staged", "champion")));
        Assert.IsFalse(File.Exists(Path.Combine(dir.Root, "staged", "rollout.json")));
    }

    [TestMethod]
    [DataRow("10;50;100", new[] { 10, 50, 100 })]
    [DataRow(" 5 ; 25 ", new[] { 5, 25 })]
    [DataRow("20,100", new[] { 20, 100 })]
    public void CanaryStepsParse(string text, int[] expected) =>
        CollectionAssert.AreEqual(expected, RolloutSettings.ParseSteps(text, new ProjectLines("/none.csproj")).ToArray());

    [TestMethod]
    [DataRow("50;10")]
    [DataRow("0;50")]
    [DataRow("10;150")]
    [DataRow("12.5")]
    [DataRow("")]
    public void BadCanaryStepsAreMlOps1040(string text)
    {
        var error = Assert.Throws<MlOps.Core.Diagnostics.MlOpsException>(() => RolloutSettings.ParseSteps(text, new ProjectLines("/none.csproj")));
        Assert.AreEqual("MLOPS1040", error.Code);
        StringAssert.Contains(error.Message, "MlOpsCanarySteps");
    }

    [TestMethod]
    [DataRow("OFF", "off")]
    [DataRow("canary:12.5", "canary:12.5")]
    [DataRow("champion", "champion")]
    public void ModesParse(string text, string expected) =>
        Assert.AreEqual(expected, RolloutSettings.ParseMode(text, new ProjectLines("/none.csproj")));
}
