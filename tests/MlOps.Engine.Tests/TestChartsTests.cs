using Microsoft.ML;
using Microsoft.ML.Data;
using MlOps.Core.Schema;
using MlOps.Engine.Metrics;

namespace MlOps.Engine.Tests;

/// <summary>The model card's chart data in metrics.json agrees with the model's own predictions and the test metrics.</summary>
[TestClass]
public sealed class TestChartsTests
{
    private const int TestRows = 250;

    private static (AutoMLResult Result, IDataView Scored) TrainWithTestFile(MlTask task)
    {
        var (train, schema) = SyntheticData.Create(task, 300);
        var (test, _) = SyntheticData.Create(task, TestRows, seed: 21, path: "test.csv");
        var result = AutoMLEngine.Run(train, test, schema, SyntheticData.Settings(task, seconds: 600, maxTrials: 2, seed: 3));
        var ml = new MLContext(0);
        return (result, result.Model.Transform(DataViewFactory.Create(test, schema)));
    }

    [TestMethod]
    public void BinaryConfusionMatrixMatchesPredictionsAndRocMatchesAuc()
    {
        var (result, scored) = TrainWithTestFile(MlTask.BinaryClassification);
        var matrix = result.Charts.ConfusionMatrix!;
        CollectionAssert.AreEqual(new[] { "0", "1" }, matrix.Classes.ToArray());
        var actual = scored.GetColumn<bool>("target").ToArray();
        var predicted = scored.GetColumn<bool>("PredictedLabel").ToArray();
        Assert.AreEqual(TestRows, matrix.Counts.Sum(r => r.Sum()));
        for (var a = 0; a < 2; a++)
            for (var p = 0; p < 2; p++)
                Assert.AreEqual(actual.Zip(predicted).Count(x => x.First == (a == 1) && x.Second == (p == 1)), matrix.Counts[a][p], $"cell [{a}][{p}]");
        Assert.AreEqual(result.TestMetrics["Accuracy"], (matrix.Counts[0][0] + matrix.Counts[1][1]) / (double)TestRows, 1e-9);

        var roc = result.Charts.RocCurve!;
        Assert.IsLessThanOrEqualTo(TestCharts.MaxRocPoints, roc.Count);
        Assert.AreEqual((0.0, 0.0), (roc[0].FalsePositiveRate, roc[0].TruePositiveRate));
        Assert.AreEqual((1.0, 1.0), (roc[^1].FalsePositiveRate, roc[^1].TruePositiveRate));
        for (var i = 1; i < roc.Count; i++)
        {
            Assert.IsGreaterThanOrEqualTo(roc[i - 1].FalsePositiveRate, roc[i].FalsePositiveRate, $"point {i}");
            Assert.IsGreaterThanOrEqualTo(roc[i - 1].TruePositiveRate, roc[i].TruePositiveRate, $"point {i}");
            Assert.IsLessThan(roc[i - 1].Threshold ?? double.PositiveInfinity, roc[i].Threshold!.Value, "thresholds fall");
        }
        Assert.AreEqual(result.TestMetrics["AreaUnderRocCurve"], TestCharts.Area(roc), 0.02);
        Assert.IsNull(result.Charts.Residuals);
    }

    [TestMethod]
    public void MulticlassConfusionMatrixMatchesPredictions()
    {
        var (result, scored) = TrainWithTestFile(MlTask.MulticlassClassification);
        var matrix = result.Charts.ConfusionMatrix!;
        CollectionAssert.AreEqual(new[] { "high", "low", "mid" }, matrix.Classes.ToArray());
        var actual = scored.GetColumn<uint>("target").Select(k => matrix.Classes[(int)k - 1]).ToArray();
        var predicted = scored.GetColumn<ReadOnlyMemory<char>>("PredictedLabel").Select(p => p.ToString()).ToArray();
        Assert.AreEqual(TestRows, matrix.Counts.Sum(r => r.Sum()));
        for (var a = 0; a < 3; a++)
            for (var p = 0; p < 3; p++)
                Assert.AreEqual(actual.Zip(predicted).Count(x => x.First == matrix.Classes[a] && x.Second == matrix.Classes[p]), matrix.Counts[a][p]);
        Assert.AreEqual(result.TestMetrics["MicroAccuracy"], Enumerable.Range(0, 3).Sum(i => matrix.Counts[i][i]) / (double)TestRows, 1e-9);
        Assert.IsNull(result.Charts.RocCurve);
    }

    [TestMethod]
    public void RegressionResidualsCoverEveryTestRow()
    {
        var (result, scored) = TrainWithTestFile(MlTask.Regression);
        var residuals = result.Charts.Residuals!;
        Assert.AreEqual(TestRows, residuals.Counts.Sum());
        Assert.HasCount(TestCharts.ResidualBins + 1, residuals.BinEdges);
        for (var i = 1; i < residuals.BinEdges.Count; i++) Assert.IsGreaterThan(residuals.BinEdges[i - 1], residuals.BinEdges[i]);
        var actual = scored.GetColumn<float>("target").ToArray();
        var predicted = scored.GetColumn<float>("Score").ToArray();
        var errors = actual.Zip(predicted, (a, p) => (double)a - p).ToArray();
        Assert.AreEqual(errors.Min(), residuals.BinEdges[0], 1e-9);
        Assert.AreEqual(errors.Max(), residuals.BinEdges[^1], 1e-9);
        Assert.AreEqual(errors.Average(), residuals.Mean, 1e-6);
        // RMSE² = mean² + population variance of the residuals.
        var variance = residuals.StdDev * residuals.StdDev * (TestRows - 1) / TestRows;
        Assert.AreEqual(result.TestMetrics["RootMeanSquaredError"], Math.Sqrt(residuals.Mean * residuals.Mean + variance), 1e-3);
        Assert.HasCount(TestCharts.MaxSamplePoints, residuals.Sample);
        Assert.AreEqual((double)actual[0], residuals.Sample[0].Actual);
        Assert.AreEqual((double)predicted[0], residuals.Sample[0].Predicted);
        Assert.IsNull(result.Charts.ConfusionMatrix);
    }

    [TestMethod]
    public void LongRocCurvesAreThinnedWithoutLosingTheirArea()
    {
        var random = new Random(5);
        var actual = Enumerable.Range(0, 5000).Select(_ => random.NextDouble() < 0.3).ToArray();
        var scores = actual.Select(a => (float)(random.NextDouble() + (a ? 0.4 : 0))).ToArray();
        var roc = TestCharts.Roc(actual, scores)!;
        Assert.HasCount(TestCharts.MaxRocPoints, roc);
        // Mann–Whitney: the share of (positive, negative) pairs the scores order correctly.
        var pos = scores.Where((_, i) => actual[i]).Order().ToArray();
        var neg = scores.Where((_, i) => !actual[i]).ToArray();
        var auc = neg.Sum(n => pos.Length - LowerBound(pos, n) - 0.5 * (UpperBound(pos, n) - LowerBound(pos, n))) / ((double)pos.Length * neg.Length);
        Assert.AreEqual(auc, TestCharts.Area(roc), 0.005);
        Assert.IsNull(TestCharts.Roc([true, true], [0.1f, 0.9f]), "one class: no curve");
    }

    private static int LowerBound(float[] sorted, float v) { var i = Array.BinarySearch(sorted, v); if (i < 0) return ~i; while (i > 0 && sorted[i - 1] == v) i--; return i; }
    private static int UpperBound(float[] sorted, float v) { var i = LowerBound(sorted, v); while (i < sorted.Length && sorted[i] == v) i++; return i; }
}
