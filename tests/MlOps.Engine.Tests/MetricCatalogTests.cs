using MlOps.Core.Diagnostics;
using MlOps.Core.Schema;
using MlOps.Engine.Metrics;

namespace MlOps.Engine.Tests;

[TestClass]
public sealed class MetricCatalogTests
{
    [TestMethod]
    public void NullPicksTheTaskDefault()
    {
        Assert.AreEqual("AreaUnderRocCurve", MetricCatalog.Resolve(MlTask.BinaryClassification, null));
        Assert.AreEqual("MacroAccuracy", MetricCatalog.Resolve(MlTask.MulticlassClassification, null));
        Assert.AreEqual("RSquared", MetricCatalog.Resolve(MlTask.Regression, " "));
    }

    [TestMethod]
    [DataRow(MlTask.BinaryClassification, "AUC", "AreaUnderRocCurve")]
    [DataRow(MlTask.BinaryClassification, "auprc", "AreaUnderPrecisionRecallCurve")]
    [DataRow(MlTask.BinaryClassification, "f1", "F1Score")]
    [DataRow(MlTask.BinaryClassification, "accuracy", "Accuracy")]
    [DataRow(MlTask.MulticlassClassification, "Accuracy", "MicroAccuracy")]
    [DataRow(MlTask.MulticlassClassification, "logloss", "LogLoss")]
    [DataRow(MlTask.Regression, "R2", "RSquared")]
    [DataRow(MlTask.Regression, "mae", "MeanAbsoluteError")]
    [DataRow(MlTask.Regression, "RMSE", "RootMeanSquaredError")]
    public void AliasesAndCaseResolveToCanonicalNames(MlTask task, string name, string expected) =>
        Assert.AreEqual(expected, MetricCatalog.Resolve(task, name));

    [TestMethod]
    public void UnknownMetricThrowsWithTheValidNames()
    {
        var e = Assert.ThrowsExactly<MlOpsException>(() => MetricCatalog.Resolve(MlTask.Regression, "AUC"));
        Assert.AreEqual(ErrorCodes.UnknownMetric, e.Code);
        StringAssert.Contains(e.Message, "RSquared");
        StringAssert.Contains(e.Message, "MeanAbsoluteError");
    }

    [TestMethod]
    public void DirectionOfMetrics()
    {
        Assert.IsTrue(MetricCatalog.IsHigherBetter("AreaUnderRocCurve"));
        Assert.IsTrue(MetricCatalog.IsHigherBetter("LogLossReduction"));
        Assert.IsFalse(MetricCatalog.IsHigherBetter("LogLoss"));
        Assert.IsFalse(MetricCatalog.IsHigherBetter("RootMeanSquaredError"));
    }

    [TestMethod]
    public void NamesListTheStandardMetrics()
    {
        CollectionAssert.IsSubsetOf(new[] { "Accuracy", "F1Score", "LogLoss", "AreaUnderPrecisionRecallCurve" }, MetricCatalog.Names(MlTask.BinaryClassification).ToArray());
        CollectionAssert.IsSubsetOf(new[] { "MicroAccuracy", "LogLossReduction" }, MetricCatalog.Names(MlTask.MulticlassClassification).ToArray());
        CollectionAssert.IsSubsetOf(new[] { "MeanSquaredError", "RootMeanSquaredError" }, MetricCatalog.Names(MlTask.Regression).ToArray());
    }
}
