using MlOps.Sdk.Targets.Tests.Infrastructure;

namespace MlOps.Sdk.Targets.Tests;

/// <summary>What reruns the tool: a second build nothing; a setting, a data file or the SDK version training; a gate only the checks.</summary>
[TestClass]
public sealed class IncrementalTrainingTests
{
    [TestMethod]
    public void SecondBuildRunsNoTool()
    {
        using var project = new TargetProject();
        var first = project.Build();
        CollectionAssert.AreEquivalent(new[] { "train", "card", "checks" }, first.Select(c => c.Command).ToArray());

        var second = project.Run();

        Assert.AreEqual(0, second.ExitCode, second.ToString());
        StringAssert.Contains(second.Output, "MlOps: model is up to date");
        Assert.AreEqual(0, project.Build().Count, "a third build starts no tool either");
    }

    [TestMethod]
    [DataRow("MlOpsSeed", "7")]
    [DataRow("MlOpsTrainingTime", "5")]
    [DataRow("MlOpsIgnoreColumns", "rooms")]
    [DataRow("MlOpsSdkVersion", "1.0.1-test")]
    public void ChangedSettingRetrains(string property, string value)
    {
        using var project = new TargetProject();
        project.Build();

        var calls = project.Build($"-p:{property}={value}");

        TargetProject.OneCall(calls, "train");
        var again = project.Build($"-p:{property}={value}");
        Assert.AreEqual(0, again.Count, "the same setting again starts no tool: " + string.Join("; ", again));
    }

    [TestMethod]
    public void ModelOnnxIsATrainingOutputOnlyWhenExportOnnxIsOn()
    {
        using var project = new TargetProject();
        TargetProject.OneCall(project.Build(), "train");
        var stored = Path.Combine(project.Directory, "obj", "mlops", "model", "model.onnx");
        var copied = Path.Combine(project.Directory, "bin", "Debug", "net10.0", "mlops", "model.onnx");
        Assert.IsFalse(File.Exists(copied));

        var on = TargetProject.OneCall(project.Build("-p:MlOpsExportOnnx=true"), "train");
        Assert.AreEqual("true", on["ExportOnnx"]);
        Assert.IsTrue(File.Exists(copied), "model.onnx is copied beside model.zip");
        Assert.AreEqual(0, project.Build("-p:MlOpsExportOnnx=true").Count, "an up-to-date model.onnx starts no tool");

        File.Delete(stored);
        TargetProject.OneCall(project.Build("-p:MlOpsExportOnnx=true"), "train");
        Assert.AreEqual(0, project.Build("-p:MlOpsExportOnnx=true").Count);

        var off = TargetProject.OneCall(project.Build(), "train");
        Assert.AreEqual("false", off["ExportOnnx"]);
        Assert.IsFalse(File.Exists(copied), "a model.onnx of another model does not stay beside model.zip");
        Assert.AreEqual(0, project.Build().Count, "off, model.onnx is no output: its absence retrains nothing");
    }

    [TestMethod]
    public void ChangedDataFileRetrains()
    {
        using var project = new TargetProject();
        project.Build();

        project.WriteData("data/train.csv", "size,rooms,price\n50,2,100\n80,3,160\n90,4,180\n");

        TargetProject.OneCall(project.Build(), "train");
    }

    [TestMethod]
    public void ChangedGateRechecksWithoutRetraining()
    {
        using var project = new TargetProject();
        project.Build();

        var calls = project.Item("<MlOpsQualityGate Include=\"RSquared\" Minimum=\"0.8\" />").Build();

        CollectionAssert.AreEquivalent(new[] { "checks" }, calls.Select(c => c.Command).ToArray(), string.Join("; ", calls));
    }

    [TestMethod]
    public void ChangedVersionRewritesTheCardWithoutRetraining()
    {
        using var project = new TargetProject();
        project.Build();

        var calls = project.Build("-p:Version=9.9.9");

        CollectionAssert.AreEquivalent(new[] { "card" }, calls.Select(c => c.Command).ToArray(), string.Join("; ", calls));
    }

    [TestMethod]
    public void SkipTrainingStartsNoTraining()
    {
        using var project = new TargetProject();

        var calls = project.Build("-p:MlOpsSkipTraining=true", "-t:_MlOpsSkipMessage;MlOpsTrain");

        Assert.AreEqual(0, calls.Count, string.Join("; ", calls));
        Assert.IsFalse(Directory.Exists(Path.Combine(project.Directory, "obj", "mlops", "model")));
    }
}
