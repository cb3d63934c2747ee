using MlOps.EndToEnd.Tests.Infrastructure;

namespace MlOps.EndToEnd.Tests;

/// <summary>
/// Every bad input ends the build with its own MLOPS code and a message that says what to do, and the
/// outputs of the last good build stay byte-for-byte and timestamp-for-timestamp as they were.
/// The targets' own errors (MLOPS0001 no data, MLOPS0002 no label) are checked in seconds by MlOps.Sdk.Targets.Tests (ErrorCodeTests).
/// </summary>
[TestClass]
public sealed class BadInputTests
{
    private static ModelProject s_good = null!;

    [ClassInitialize]
    public static void TrainOnce(TestContext _)
    {
        s_good = ModelProject.CreateSynthetic("good", rows: 80, seed: 1);
        BuildAssert.Succeeded(s_good.Build());
    }

    [TestMethod]
    public void MissingDataFile() => Expect(
        p => p.Item("MlOpsTrainingData", "data/nope.csv"), "MLOPS2001", "nope.csv", trainingFile: null);

    [TestMethod]
    public void UnreadableDataFile() => Expect(p =>
    {
        Directory.CreateDirectory(p.DataPath("data/folder.csv"));
        p.Item("MlOpsTrainingData", "data/folder.csv");
    }, "MLOPS2002", "folder.csv", trainingFile: null);

    [TestMethod]
    public void EmptyFile() => Expect(p => p.WriteData("data/train.csv", ""), "MLOPS2003", "train.csv");

    [TestMethod]
    public void HeaderOnlyFile() => Expect(p => p.WriteData("data/train.csv", "size,rooms,city,price\n"), "MLOPS2004", "train.csv");

    [TestMethod]
    public void RaggedRow() => Expect(
        p => p.WriteData("data/train.csv", "size,rooms,city,price\n10,2,Oslo,100\n12,3,Rome,120\n13,3,140\n15,4,Oslo,150\n"),
        "MLOPS2005", "train.csv(4)");

    [TestMethod]
    public void LabelNotFound() => Expect(p => p.Set("MlOpsLabelColumn", "cost"), "MLOPS2006", "cost", "size", "rooms", "city", "price");

    [TestMethod]
    public void LabelWithOneClass() => Expect(p =>
    {
        p.WriteData("data/train.csv", "size,rooms,city,sold\n" + string.Concat(Enumerable.Range(0, 20).Select(i => $"{i},2,Oslo,true\n")));
        p.Set("MlOpsLabelColumn", "sold").Set("MlOpsTask", "BinaryClassification");
    }, "MLOPS2007", "sold");

    [TestMethod]
    public void TextLabelForRegression() => Expect(p => p.Set("MlOpsLabelColumn", "city").Set("MlOpsTask", "Regression"), "MLOPS2007", "city");

    [TestMethod]
    public void UnknownTask() => Expect(p => p.Set("MlOpsTask", "Clustering"), "MLOPS1001", "Clustering", "Model.csproj(");

    [TestMethod]
    [DataRow("0")]
    [DataRow("-5")]
    [DataRow("soon")]
    public void TrainingTimeNotPositive(string value) => Expect(p => p.Set("MlOpsTrainingTime", value), "MLOPS1002", value, "Model.csproj(");

    [TestMethod]
    [DataRow("MlOpsIgnoreColumns")]
    [DataRow("MlOpsCategoricalColumns")]
    [DataRow("MlOpsTextColumns")]
    [DataRow("MlOpsNumericColumns")]
    public void OverrideNamesNoColumn(string property) => Expect(p => p.Set(property, "rooms;colour"), "MLOPS1003", "colour", "size", "city", "price");

    /// <summary>Clones the trained project (outputs included), breaks one thing, builds, and checks the error and the outputs.</summary>
    private static void Expect(Action<ModelProject> breakIt, string code, params string[] fragments) =>
        Expect(breakIt, code, fragments, trainingFile: "data/train.csv");

    private static void Expect(Action<ModelProject> breakIt, string code, string fragment, string? trainingFile) =>
        Expect(breakIt, code, [fragment], trainingFile);

    private static void Expect(Action<ModelProject> breakIt, string code, string[] fragments, string? trainingFile)
    {
        var project = s_good.CloneWithoutItems();
        if (trainingFile is not null) project.Item("MlOpsTrainingData", trainingFile);
        var before = project.SnapshotOutputs();
        Assert.IsTrue(before.ContainsKey("model.zip"), "the cloned project lacks its trained outputs");

        breakIt(project);
        BuildAssert.FailedWith(project.Build(), code, fragments);

        CollectionAssert.AreEquivalent(before.ToList(), project.SnapshotOutputs().ToList(), "the previous outputs were touched");
    }
}
