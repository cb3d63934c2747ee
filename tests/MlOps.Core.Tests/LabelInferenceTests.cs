using MlOps.Core.Diagnostics;
using MlOps.Core.Schema;

namespace MlOps.Core.Tests;

[TestClass]
public sealed class LabelInferenceTests
{
    private static DataSchema Infer(TempDir dir, string labels, MlTask? task = null)
    {
        var rows = labels.Split(' ').Select((l, i) => $"{i % 5},{l}");
        var data = dir.Load("x,y\n" + string.Join("\n", rows));
        return ColumnInference.Infer(data, new InferenceOptions { Label = "y", Task = task });
    }

    [TestMethod]
    [DataRow("0 1 1 0", MlTask.BinaryClassification, "0,1")]
    [DataRow("True false true", MlTask.BinaryClassification, "false,true")]
    [DataRow("spam ham ham", MlTask.BinaryClassification, "ham,spam")]
    [DataRow("10 2 1 2 10", MlTask.MulticlassClassification, "1,2,10")]
    [DataRow("setosa virginica versicolor", MlTask.MulticlassClassification, "setosa,versicolor,virginica")]
    [DataRow("1.5 2 3", MlTask.Regression, null)]
    [DataRow("1 2 3 4 5 6 7 8 9 10 11", MlTask.Regression, null)]
    public void InfersTaskAndClasses(string labels, MlTask expected, string? classes)
    {
        using var dir = new TempDir();
        var schema = Infer(dir, labels);
        Assert.AreEqual(expected, schema.Task);
        Assert.AreEqual(classes, schema.LabelClasses is null ? null : string.Join(",", schema.LabelClasses));
        var column = schema.Find("y")!;
        Assert.AreEqual(expected == MlTask.Regression ? ColumnKind.Numeric : ColumnKind.Categorical, column.Kind);
        Assert.AreEqual("label", column.Reason);
    }

    [TestMethod]
    public void ExplicitTaskIsKept()
    {
        using var dir = new TempDir();
        Assert.AreEqual(MlTask.MulticlassClassification, Infer(dir, "0 1 0", MlTask.MulticlassClassification).Task);
        Assert.AreEqual(MlTask.Regression, Infer(dir, "0 1 0", MlTask.Regression).Task);
    }

    [TestMethod]
    public void CountsMissingLabels()
    {
        using var dir = new TempDir();
        var data = dir.Load("x,y\n1,a\n2,\n3,b\n4,");
        var schema = ColumnInference.Infer(data, new InferenceOptions { Label = "y" });
        Assert.AreEqual(2, schema.MissingLabelRows);
        Assert.AreEqual(0.5, schema.Find("y")!.MissingRate);
    }

    [TestMethod]
    public void SingleClassIsUnfit()
    {
        using var dir = new TempDir();
        var e = Assert.ThrowsExactly<MlOpsException>(() => Infer(dir, "yes yes yes"));
        Assert.AreEqual(ErrorCodes.LabelUnfitForTask, e.Code);
        Assert.Contains("at least two classes", e.Message);
        Assert.AreEqual(ErrorCodes.LabelUnfitForTask,
            Assert.ThrowsExactly<MlOpsException>(() => Infer(dir, "1 1", MlTask.MulticlassClassification)).Code);
    }

    [TestMethod]
    public void BinaryWithThreeValuesIsUnfit()
    {
        using var dir = new TempDir();
        var e = Assert.ThrowsExactly<MlOpsException>(() => Infer(dir, "a b c", MlTask.BinaryClassification));
        Assert.AreEqual(ErrorCodes.LabelUnfitForTask, e.Code);
        Assert.Contains("MulticlassClassification", e.Message);
    }

    [TestMethod]
    public void RegressionOnTextIsUnfitAndNamesTheValue()
    {
        using var dir = new TempDir();
        var e = Assert.ThrowsExactly<MlOpsException>(() => Infer(dir, "1.5 2 cheap 3", MlTask.Regression));
        Assert.AreEqual(ErrorCodes.LabelUnfitForTask, e.Code);
        Assert.Contains("'cheap'", e.Message);
        Assert.AreEqual(4, e.Line);
    }
}
