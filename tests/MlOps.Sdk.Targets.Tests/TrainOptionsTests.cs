using MlOps.Sdk.Targets.Tests.Infrastructure;

namespace MlOps.Sdk.Targets.Tests;

/// <summary>What the train command is told: every key the tool reads, values as the project set them, no Configuration.</summary>
[TestClass]
public sealed class TrainOptionsTests
{
    private static readonly string[] TrainKeys =
    [
        "ProjectFile", "OutputDirectory", "SdkVersion", "TrainingData", "Label", "Task", "TrainingTime", "MaxTrials", "Seed", "Metric",
        "Separator", "HasHeader", "Quoting", "IgnoreColumns", "CategoricalColumns", "TextColumns", "NumericColumns", "Trainers", "MaxParallelism",
        "MaxMemoryMB", "SchemaContract", "StrictSchema", "Replay", "ReplayManifest", "ExportOnnx",
    ];

    [TestMethod]
    public void TrainOptionsCarryTheProjectsSettings()
    {
        using var project = new TargetProject()
            .Set("MlOpsIgnoreColumns", "id;ts").Set("MlOpsSeparator", ";").Set("MlOpsQuoting", "none").Set("MlOpsTrainingTime", "7").Set("MlOpsSeed", "42")
            .Item("<MlOpsTestData Include=\"data/test.csv\" />").WriteData("data/test.csv", "size,rooms,price\n60,2,120\n");

        var train = TargetProject.OneCall(project.Build(), "train");

        CollectionAssert.AreEquivalent(TrainKeys.Append("TestData").ToArray(), train.Keys.ToArray(), train.ToString());
        Assert.AreEqual(project.ProjectFile, train["ProjectFile"]);
        Assert.AreEqual(Path.Combine(project.Directory, "obj", "mlops", "model") + "/", train["OutputDirectory"]);
        Assert.AreEqual(Path.Combine(project.Directory, "data", "train.csv"), train["TrainingData"]);
        Assert.AreEqual(Path.Combine(project.Directory, "data", "test.csv"), train["TestData"]);
        Assert.AreEqual("price", train["Label"]);
        Assert.AreEqual("id;ts", train["IgnoreColumns"], "a ;-list stays one value");
        Assert.AreEqual(";", train["Separator"]);
        Assert.AreEqual("none", train["Quoting"]);
        Assert.AreEqual("7", train["TrainingTime"]);
        Assert.AreEqual("42", train["Seed"]);
        Assert.AreEqual("1.0.0-test", train["SdkVersion"]);
        Assert.AreEqual(Path.Combine(project.Directory, "mlops.schema.json"), train["SchemaContract"]);
        CollectionAssert.AreEqual(new[] { $"--display-output={Path.Combine(project.Directory, "bin", "Debug", "net10.0", "mlops")}/",
            $"--run-history={Path.Combine(project.Directory, "obj", "mlops", "runs")}/" }, train.Flags.ToArray());
    }

    [TestMethod]
    public void TrainOptionsNameNoConfiguration()
    {
        using var project = new TargetProject();

        var debug = TargetProject.OneCall(project.Build("-p:Configuration=Debug"), "train");
        var release = project.Build("-p:Configuration=Release");

        Assert.IsFalse(debug.Options.Any(o => o.Value.Contains("Debug", StringComparison.Ordinal)), debug.ToString());
        Assert.IsFalse(release.Any(c => c.Command == "train"), "Release reuses the model Debug trained: " + string.Join("; ", release));
        Assert.IsTrue(File.Exists(Path.Combine(project.Directory, "bin", "Release", "net10.0", "mlops", "model.zip")), "the stored model is copied to Release's output");
    }

    [TestMethod]
    public void UpdateSchemaIsAFlagNotASetting()
    {
        using var project = new TargetProject();
        project.Build();
        File.Delete(Path.Combine(project.Directory, "obj", "mlops", "model", "model.zip"));

        var train = TargetProject.OneCall(project.Build("-p:MlOpsUpdateSchema=true"), "train");

        CollectionAssert.Contains(train.Flags.ToArray(), "--update-schema");
        Assert.IsFalse(train.Keys.Contains("UpdateSchema"), train.ToString());
    }

    [TestMethod]
    public void ChecksAndCardOptions()
    {
        using var project = new TargetProject()
            .Set("Version", "2.3.4").Set("MlOpsDriftThreshold", "0.3")
            .Item("<MlOpsQualityGate Include=\"RSquared\" Minimum=\"0.5\" />")
            .Item("<MlOpsValidationData Include=\"data/train.csv\" />");

        var calls = project.Build();

        var checks = TargetProject.OneCall(calls, "checks");
        Assert.AreEqual("RSquared|0.5|", checks["Gate"]);
        Assert.AreEqual("0.3", checks["DriftThreshold"]);
        Assert.AreEqual("auto", checks["Quoting"], "the test checks read the data as training does");
        Assert.AreEqual(Path.Combine(project.Directory, "data", "train.csv"), checks["ValidationData"]);
        Assert.AreEqual(Path.Combine(project.Directory, "obj", "mlops", "model", "manifest.json"), checks["VerificationManifest"]);
        Assert.IsTrue(File.Exists(Path.Combine(project.Directory, "obj", "Debug", "net10.0", "mlops", "checks.options")), "MlOps.Testing reads checks.options by name");
        var card = TargetProject.OneCall(calls, "card");
        Assert.AreEqual("2.3.4", card["Version"]);
        Assert.AreEqual("Model", card["Name"]);
        Assert.AreEqual(Path.Combine(project.Directory, "bin", "Debug", "net10.0", "mlops") + "/", card["ModelFolder"]);
    }

    [TestMethod]
    public void ProductionCheckOptions()
    {
        using var project = new TargetProject()
            .WriteData("captures/capture-20261128T090000Z-1.csv", "size\n1\n").WriteData("captures/labeled-20261128T100000Z-1.csv", "size\n1\n")
            .Set("MlOpsMinLabeledRows", "25")
            .Item("<MlOpsProductionData Include=\"captures/*.csv\" />");

        var calls = project.Build();

        var checks = TargetProject.OneCall(calls, "checks");
        CollectionAssert.AreEquivalent(new[] { "capture-20261128T090000Z-1.csv", "labeled-20261128T100000Z-1.csv" }, checks.All("ProductionData").Select(Path.GetFileName).ToArray());
        Assert.IsTrue(checks.All("ProductionData").All(Path.IsPathRooted), "full paths: the tests read them from their own output folder");
        Assert.AreEqual("25", checks["MinLabeledRows"]);
        Assert.AreEqual("0.05", checks["MaxUnknownCategoryShare"], "the guarded default");
        Assert.AreEqual("false", checks["RequireProductionData"]);
        // Production data is no training input: new captures never retrain.
        Assert.IsFalse(TargetProject.OneCall(calls, "train").Lines.Any(l => l.Contains("captures", StringComparison.Ordinal)));
    }
}
