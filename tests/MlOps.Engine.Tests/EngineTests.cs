using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlOps.Core.Diagnostics;
using MlOps.Core.Schema;
using MlOps.Engine.Data;

namespace MlOps.Engine.Tests;

[TestClass]
public sealed class EngineTests
{
    [TestMethod]
    [DataRow(MlTask.BinaryClassification, "AreaUnderRocCurve", 0.85)]
    [DataRow(MlTask.MulticlassClassification, "MicroAccuracy", 0.7)]
    [DataRow(MlTask.Regression, "RSquared", 0.7)]
    public void BeatsATrivialBaseline(MlTask task, string metric, double atLeast)
    {
        var (data, schema) = SyntheticData.Create(task, 500);
        var reported = new List<TrialResult>();
        var result = AutoMLEngine.Run(data, null, schema, SyntheticData.Settings(task, maxTrials: 6), reported.Add);
        // Baselines: AUC 0.5, majority class well under 0.7 (three balanced-ish classes), R² 0.
        Assert.IsGreaterThan(atLeast, result.TestMetrics[metric]);
        Assert.HasCount(6, result.Trials);
        CollectionAssert.AreEqual(result.Trials.ToArray(), reported.ToArray(), "one callback per trial, in order");
        StringAssert.Contains(result.TestSource, "holdout");
        Assert.IsTrue(result.ValidationMetrics.Keys.ToHashSet().SetEquals(Metrics.MetricCatalog.Names(task)));
    }

    [TestMethod]
    public void RespectsATimeBudgetAndStillYieldsAModel()
    {
        var (data, schema) = SyntheticData.Create(MlTask.BinaryClassification, 3000);
        var clock = Stopwatch.StartNew();
        var result = AutoMLEngine.Run(data, null, schema, SyntheticData.Settings(MlTask.BinaryClassification, seconds: 3));
        var elapsed = clock.Elapsed.TotalSeconds;
        Assert.IsLessThan(3.3, result.SearchSeconds, $"search took {result.SearchSeconds:0.00} s");
        Assert.IsLessThan(4.5, elapsed, $"whole run took {elapsed:0.00} s");
        Assert.IsNotNull(result.Model);
        Assert.IsGreaterThan(1, result.Trials.Count);
    }

    [TestMethod]
    public void TriesMoreThanOneTrainerAndReportsCrossValidationSpread()
    {
        var (data, schema) = SyntheticData.Create(MlTask.MulticlassClassification, 400);
        var result = AutoMLEngine.Run(data, null, schema, SyntheticData.Settings(MlTask.MulticlassClassification, seconds: 4));
        Assert.IsGreaterThan(2, result.Trials.Select(t => t.Trainer).Distinct().Count());
        StringAssert.Contains(result.ValidationMethod, "5-fold stratified cross-validation");
        Assert.IsGreaterThan(0, result.BestTrial.MetricStdDev);
        Assert.IsNull(result.BestTrial.Error);
        Assert.IsTrue(result.BestTrial.Hyperparameters.ContainsKey("Normalization"));
    }

    [TestMethod]
    public void UsesTheTestFileAndScoresRawDataWithTheSavedModel()
    {
        var (train, schema) = SyntheticData.Create(MlTask.MulticlassClassification, 300);
        var (test, _) = SyntheticData.Create(MlTask.MulticlassClassification, 100, seed: 99, path: "test.csv");
        var result = AutoMLEngine.Run(train, test, schema, SyntheticData.Settings(MlTask.MulticlassClassification, maxTrials: 3));
        Assert.AreEqual("test.csv", result.TestSource);
        Assert.IsGreaterThan(0.6, result.TestMetrics["MicroAccuracy"]);

        var path = Path.Combine(Path.GetTempPath(), $"mlops-engine-{Guid.NewGuid():N}.zip");
        try
        {
            result.Save(path);
            var ml = new MLContext(1);
            var model = ml.Model.Load(path, out _);
            var scored = model.Transform(DataViewFactory.Create(test, schema, includeLabel: false));
            var predicted = scored.GetColumn<ReadOnlyMemory<char>>("PredictedLabel").Select(m => m.ToString()).ToArray();
            Assert.HasCount(100, predicted);
            CollectionAssert.IsSubsetOf(predicted.Distinct().ToArray(), schema.LabelClasses!.ToArray());
        }
        finally { File.Delete(path); }
    }

    [TestMethod]
    public void TestFileWithoutAFeatureColumnIsAnError()
    {
        var (train, schema) = SyntheticData.Create(MlTask.Regression, 100);
        var test = new Core.Data.TabularData("t.csv", ',', true, ["x1", "color", "target"], [["1"], ["red"], ["2"]]);
        var e = Assert.ThrowsExactly<MlOpsException>(() => AutoMLEngine.Run(train, test, schema, SyntheticData.Settings(MlTask.Regression, maxTrials: 1)));
        Assert.AreEqual(ErrorCodes.TestDataColumnMissing, e.Code);
        StringAssert.Contains(e.Message, "'x 2'");
        Assert.AreEqual("t.csv", e.File);
    }

    [TestMethod]
    public void EveryTrialFailingIsNoTrialCompleted()
    {
        // Poisson regression rejects negative labels; asked for explicitly, every trial fails.
        var (data, schema) = SyntheticData.Create(MlTask.Regression, 200);
        var reported = new List<TrialResult>();
        var e = Assert.ThrowsExactly<MlOpsException>(() =>
            AutoMLEngine.Run(data, null, schema, SyntheticData.Settings(MlTask.Regression, seconds: 5, trainers: ["lbfgs"]), reported.Add));
        Assert.AreEqual(ErrorCodes.NoTrialCompleted, e.Code);
        Assert.IsNotEmpty(reported);
        Assert.IsTrue(reported.All(t => t.Error is not null));
    }

    [TestMethod]
    public void HonoursCancellation()
    {
        var (data, schema) = SyntheticData.Create(MlTask.BinaryClassification, 200);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() =>
            AutoMLEngine.Run(data, null, schema, SyntheticData.Settings(MlTask.BinaryClassification), cancellationToken: cancelled.Token));
    }
}
