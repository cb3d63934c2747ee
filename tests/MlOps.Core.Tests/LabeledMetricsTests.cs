using Microsoft.ML;
using MlOps.Core.Metrics;

namespace MlOps.Core.Tests;

/// <summary>LabeledMetrics against ML.NET's own evaluators on the same random outcomes: the live metrics and the
/// production checks must mean what metrics.json means.</summary>
[TestClass]
public sealed class LabeledMetricsTests
{
    private static readonly MLContext Ml = new(seed: 1);

    [TestMethod]
    public void BinaryMetricsMatchMlNet()
    {
        var random = new Random(7);
        var rows = Enumerable.Range(0, 400).Select(_ =>
        {
            var actual = random.NextDouble() < 0.4;
            // Probabilities rounded to 0.05 so that ties occur, as they do with tree models.
            var probability = Math.Round(Math.Clamp((actual ? 0.62 : 0.38) + (random.NextDouble() - 0.5) * 0.8, 0.01, 0.99) * 20) / 20;
            return (Actual: actual, Predicted: probability > 0.5, Probability: probability);
        }).ToList();
        var ours = LabeledMetrics.Binary(rows);
        var data = Ml.Data.LoadFromEnumerable(rows.Select(r => new BinaryRow
        { Label = r.Actual, PredictedLabel = r.Predicted, Probability = (float)r.Probability, Score = (float)(r.Probability - 0.5) }));
        // ML.NET thresholds the score at 0; a shifted probability ranks the same and thresholds at 0.5.
        var theirs = Ml.BinaryClassification.Evaluate(data);
        Assert.AreEqual(theirs.Accuracy, ours["Accuracy"], 1e-9);
        Assert.AreEqual(theirs.AreaUnderRocCurve, ours["AreaUnderRocCurve"], 1e-6);
        Assert.AreEqual(theirs.F1Score, ours["F1Score"], 1e-9);
        Assert.AreEqual(theirs.PositivePrecision, ours["PositivePrecision"], 1e-9);
        Assert.AreEqual(theirs.NegativeRecall, ours["NegativeRecall"], 1e-9);
        Assert.AreEqual(theirs.LogLoss, ours["LogLoss"], 1e-4);
    }

    [TestMethod]
    public void MulticlassAccuraciesAreMicroAndMacro()
    {
        // a: 1 of 2 right, b: 1 of 1, c: 2 of 3. Micro = 4/6; macro = (1/2 + 1 + 2/3) / 3.
        var ours = LabeledMetrics.Multiclass([("a", "a"), ("a", "b"), ("b", "b"), ("c", "c"), ("c", "c"), ("c", "a")]);
        Assert.AreEqual(4.0 / 6, ours["MicroAccuracy"], 1e-12);
        Assert.AreEqual((0.5 + 1 + 2.0 / 3) / 3, ours["MacroAccuracy"], 1e-12);
    }

    [TestMethod]
    public void RegressionMetricsMatchMlNet()
    {
        var random = new Random(5);
        var rows = Enumerable.Range(0, 250).Select(_ =>
        {
            var actual = random.NextDouble() * 50;
            return (Actual: actual, Predicted: actual + (random.NextDouble() - 0.5) * 12);
        }).ToList();
        var ours = LabeledMetrics.Regression(rows);
        var theirs = Ml.Regression.Evaluate(Ml.Data.LoadFromEnumerable(rows.Select(r => new RegressionRow { Label = (float)r.Actual, Score = (float)r.Predicted })));
        Assert.AreEqual(theirs.RSquared, ours["RSquared"], 1e-5);
        Assert.AreEqual(theirs.MeanAbsoluteError, ours["MeanAbsoluteError"], 1e-4);
        Assert.AreEqual(theirs.RootMeanSquaredError, ours["RootMeanSquaredError"], 1e-4);
    }

    [TestMethod]
    public void UndefinedMetricsAreNaNNotErrors()
    {
        Assert.IsTrue(double.IsNaN(LabeledMetrics.Binary([(true, true, 0.9), (true, false, 0.4)])["AreaUnderRocCurve"]));
        Assert.IsTrue(double.IsNaN(LabeledMetrics.Regression([])["RSquared"]));
        Assert.IsTrue(double.IsNaN(LabeledMetrics.Multiclass([])["MicroAccuracy"]));
    }

    private sealed class BinaryRow
    {
        public bool Label { get; set; }
        public bool PredictedLabel { get; set; }
        public float Probability { get; set; }
        public float Score { get; set; }
    }

    private sealed class RegressionRow
    {
        public float Label { get; set; }
        public float Score { get; set; }
    }
}
