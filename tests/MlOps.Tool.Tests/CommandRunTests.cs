using MlOps.Core.Artifacts;
using MlOps.Core.IO;
using MlOps.Core.Schema;
using MlOps.Tool.Cards;

namespace MlOps.Tool.Tests;

/// <summary>Commands run in process through the command table on small fixtures: no packing, no MSBuild.</summary>
[TestClass]
public sealed class CommandRunTests
{
    [TestMethod]
    public async Task CardWritesBothCardsFromTheModelFolder()
    {
        using var dir = new TempDir();
        var model = ModelFolder(dir, MlTask.BinaryClassification);
        var run = await ToolRun.Command("card", dir, [$"ModelFolder={model}", "Name=Contoso.Churn", "Version=2.1.0", "Description=", "RepositoryUrl="]);
        Assert.AreEqual(0, run.Exit, run.Log);
        StringAssert.Contains(run.Log, "MlOps: model card written");
        var markdown = File.ReadAllText(Path.Combine(model, ModelCardFiles.Markdown));
        StringAssert.Contains(markdown, "Contoso.Churn");
        StringAssert.Contains(markdown, "2.1.0");
        Assert.IsTrue(File.Exists(Path.Combine(model, ModelCardFiles.Html)));
    }

    [TestMethod]
    public async Task CardWithoutTheModelFilesIsItsOwnError()
    {
        using var dir = new TempDir();
        var run = await ToolRun.Command("card", dir, [$"ModelFolder={dir.Root}", "Name=M"]);
        Assert.AreEqual(1, run.Exit);
        StringAssert.Contains(run.Log, "error MLOPS3020:");
    }

    [TestMethod]
    public async Task ChecksPassDeclaredGatesThatFitTheTask()
    {
        using var dir = new TempDir();
        var (project, manifest) = ChecksFixture(dir);
        var run = await ToolRun.Command("checks", dir, [$"ProjectFile={project}", $"Manifest={manifest}", "Gate=AUC|0.8|", "MaxRegression=0.01"]);
        Assert.AreEqual(0, run.Exit, run.Log);
        Assert.AreEqual("", run.Log);
    }

    [TestMethod]
    public async Task ChecksReportEveryBadDeclarationAtItsLine()
    {
        using var dir = new TempDir();
        var (project, manifest) = ChecksFixture(dir);
        var run = await ToolRun.Command("checks", dir,
            [$"ProjectFile={project}", $"Manifest={manifest}", "Gate=RSquared|0.5|", "Gate=AUC||", $"ValidationData={Path.Combine(dir.Root, "gone.csv")}"]);
        Assert.AreEqual(1, run.Exit);
        StringAssert.Contains(run.Log, $"{project}(3) : error MLOPS4001: Quality gate 'RSquared'");
        StringAssert.Contains(run.Log, $"{project}(4) : error MLOPS4002: Quality gate 'AUC' has neither Minimum nor Maximum");
        StringAssert.Contains(run.Log, $"{project}(5) : error MLOPS2001: The validation data file");
    }

    [TestMethod]
    public async Task ChecksRefuseProductionThresholdsOutOfRange()
    {
        using var dir = new TempDir();
        var (project, manifest) = ChecksFixture(dir);
        var valid = await ToolRun.Command("checks", dir, [$"ProjectFile={project}", $"Manifest={manifest}", "Gate=AUC|0.8|",
            $"ProductionData={Path.Combine(dir.Root, "capture-1.csv")}", "RequireProductionData=true", "MaxUnknownCategoryShare=0.05", "MinLabeledRows=100"]);
        Assert.AreEqual(0, valid.Exit, valid.Log);

        var run = await ToolRun.Command("checks", dir, [$"ProjectFile={project}", $"Manifest={manifest}", "MaxUnknownCategoryShare=5", "MinLabeledRows=0"]);
        Assert.AreEqual(1, run.Exit);
        StringAssert.Contains(run.Log, "error MLOPS4010: MlOpsMaxUnknownCategoryShare must be a share between 0 and 1 (0.05 = 5%), but is '5'.");
        StringAssert.Contains(run.Log, "error MLOPS4010: MlOpsMinLabeledRows must be a whole number of at least 1, but is '0'.");
    }

    [TestMethod]
    public async Task AnUnexpectedFailureCarriesTheCommandsOwnCode()
    {
        using var dir = new TempDir();
        var (project, _) = ChecksFixture(dir);
        // A manifest of a task the checks do not know: the SDK wrote it, so this is a bug, not a user error.
        var manifest = dir.Write("odd-manifest.json", MlOpsJson.Serialize(CardSamples.For(MlTask.BinaryClassification).Manifest with { Task = "Clustering" }));
        var run = await ToolRun.Command("checks", dir, [$"ProjectFile={project}", $"Manifest={manifest}"]);
        Assert.AreEqual(1, run.Exit);
        StringAssert.StartsWith(run.Log, "MlOps : error MLOPS4004: MlOps checks failed unexpectedly: ArgumentException:");
        Assert.IsFalse(run.Log.Contains("MLOPS3002"), "not reported as a training failure");
    }

    /// <summary>40 rows, one trial: the whole train command (load, infer, search, swap the outputs in) in seconds.</summary>
    [TestMethod]
    public async Task TrainWritesTheModelAndItsReportsAsOneSet()
    {
        using var dir = new TempDir();
        var data = dir.Write("train.csv", string.Join('\n', File.ReadLines(Path.Combine(Repo.Root(), "samples", "data", "churn-train.csv")).Take(41)));
        var project = dir.Write("Churn.csproj", "<Project Sdk=\"MlOps.Sdk\" />");
        var output = Path.Combine(dir.Root, "model");
        var run = await ToolRun.Command("train", dir,
            [$"ProjectFile={project}", $"OutputDirectory={output}", $"TrainingData={data}", "Label=Churned", "IgnoreColumns=CustomerId",
             "MaxTrials=1", "TrainingTime=30", "MaxParallelism=1", "Seed=3", "SdkVersion=1.0.0", "TestData="],
            "--display-output=bin/model");
        Assert.AreEqual(0, run.Exit, run.Log);
        foreach (var file in new[] { ArtifactFiles.Model, ArtifactFiles.Schema, ArtifactFiles.Metrics, ArtifactFiles.Manifest })
            Assert.IsTrue(File.Exists(Path.Combine(output, file)), file);
        var manifest = MlOpsJson.Read<Manifest>(Path.Combine(output, ArtifactFiles.Manifest));
        Assert.AreEqual(nameof(MlTask.BinaryClassification), manifest.Task);
        Assert.AreEqual(1, manifest.Budget.MaxTrials);
        Assert.AreEqual("train.csv", manifest.Data.Single().Path);
        Assert.AreEqual(40, manifest.Data.Single().Rows);
        StringAssert.Contains(run.Log, "bin/model", "the summary names the folder the build copies to");
    }

    /// <summary>A quoted ticket text that spans lines is trained on as one row, and the log says which lines (MLOPS2018).</summary>
    [TestMethod]
    public async Task TrainWarnsOfQuotedFieldsSpanningLines()
    {
        using var dir = new TempDir();
        var lines = File.ReadLines(Path.Combine(Repo.Root(), "samples", "data", "churn-train.csv")).Take(41).ToList();
        lines[3] = string.Join(',', lines[3].Split(',')[..8]) + ",\"router down\nsince monday\",false";
        var data = dir.Write("train.csv", string.Join('\n', lines));
        var project = dir.Write("Churn.csproj", "<Project Sdk=\"MlOps.Sdk\" />");
        var run = await ToolRun.Command("train", dir,
            [$"ProjectFile={project}", $"OutputDirectory={Path.Combine(dir.Root, "model")}", $"TrainingData={data}", "Label=Churned",
             "IgnoreColumns=CustomerId", "MaxTrials=1", "TrainingTime=30", "MaxParallelism=1", "Seed=3", "SdkVersion=1.0.0", "Quoting=auto"]);
        Assert.AreEqual(0, run.Exit, run.Log);
        StringAssert.Contains(run.Log, $"{data}(4) : warning MLOPS2018: 1 record holds a quoted field that spans lines (lines 4-5)", run.Log);
        StringAssert.Contains(run.Log, " 40 rows", "the two lines are one row");
    }

    private static string ModelFolder(TempDir dir, MlTask task)
    {
        var sample = CardSamples.For(task);
        var model = Directory.CreateDirectory(Path.Combine(dir.Root, "model")).FullName;
        File.WriteAllText(Path.Combine(model, ArtifactFiles.Manifest), MlOpsJson.Serialize(sample.Manifest));
        File.WriteAllText(Path.Combine(model, ArtifactFiles.Metrics), MlOpsJson.Serialize(sample.Metrics));
        File.WriteAllText(Path.Combine(model, ArtifactFiles.Schema), SchemaJson.Serialize(sample.Schema));
        return model;
    }

    /// <summary>A model project declaring gates and validation data (lines 3-5), and a binary model's manifest.</summary>
    private static (string Project, string Manifest) ChecksFixture(TempDir dir)
    {
        var project = dir.Write("Churn.csproj", """
            <Project Sdk="MlOps.Sdk">
              <ItemGroup>
                <MlOpsQualityGate Include="RSquared" Minimum="0.5" />
                <MlOpsQualityGate Include="AUC" />
                <MlOpsValidationData Include="gone.csv" />
              </ItemGroup>
            </Project>
            """);
        var manifest = Path.Combine(ModelFolder(dir, MlTask.BinaryClassification), ArtifactFiles.Manifest);
        return (project, manifest);
    }
}
