using System.Globalization;
using MlOps.Core.Metrics;
using MlOps.Core.Schema;

namespace MlOps.Core.Tests;

/// <summary>The paired bootstrap the service's GET /rollout and the rollout decision share (docs/rollout.md).</summary>
[TestClass]
public sealed class PairedComparisonTests
{
    private static DataSchema Schema(MlTask task, IReadOnlyList<string>? classes = null) => new()
    {
        Label = "y", Task = task, LabelClasses = classes,
        Columns = [new ColumnSchema { Name = "x", Kind = ColumnKind.Numeric }, new ColumnSchema { Name = "y", Kind = ColumnKind.Numeric }],
    };

    private static readonly DataSchema Binary = Schema(MlTask.BinaryClassification, ["false", "true"]);

    /// <summary>Binary rows whose champion probability separates the classes with <paramref name="championNoise"/>, the challenger's with <paramref name="challengerNoise"/>.</summary>
    private static List<PairedRow> BinaryRows(int count, double championNoise, double challengerNoise, int seed = 3)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            var actual = random.NextDouble() < 0.5;
            var centre = actual ? 0.7 : 0.3;
            var champion = Math.Clamp(centre + (random.NextDouble() - 0.5) * championNoise, 0, 1);
            var challenger = Math.Clamp(centre + (random.NextDouble() - 0.5) * challengerNoise, 0, 1);
            return new PairedRow(actual ? "true" : "false", champion > 0.5 ? "true" : "false", champion, challenger > 0.5 ? "true" : "false", challenger);
        })];
    }

    [TestMethod]
    public void IdenticalModelsAreWorseByNothing()
    {
        var rows = BinaryRows(200, 1.2, 1.2).Select(r => r with { ChallengerPredicted = r.ChampionPredicted, ChallengerScore = r.ChampionScore }).ToList();

        var result = PairedComparison.Compare(Binary, "AreaUnderRocCurve", rows)!;

        Assert.AreEqual(0, result.WorseBy);
        Assert.AreEqual(0, result.Lower);
        Assert.AreEqual(0, result.Upper);
        Assert.AreEqual(result.Champion, result.Challenger);
        Assert.AreEqual(200, result.Rows);
        Assert.AreEqual(PairedComparison.DefaultResamples, result.Resamples);
    }

    [TestMethod]
    public void ABetterChallengerHasBothBoundsBelowZeroAndAWorseOneAbove()
    {
        var better = PairedComparison.Compare(Binary, "AreaUnderRocCurve", BinaryRows(400, 1.6, 0.6))!;
        var worse = PairedComparison.Compare(Binary, "AreaUnderRocCurve", BinaryRows(400, 0.6, 1.6))!;

        Assert.IsTrue(better.Challenger > better.Champion, $"{better}");
        Assert.IsTrue(better.Lower <= better.WorseBy && better.WorseBy <= better.Upper && better.Upper < 0, $"{better}");
        Assert.IsTrue(worse.Lower > 0 && worse.Lower <= worse.WorseBy && worse.WorseBy <= worse.Upper, $"{worse}");
        Assert.AreEqual(worse.Champion - worse.Challenger, worse.WorseBy, 1e-12, "AUC: higher is better, so worse-by is champion - challenger");
    }

    [TestMethod]
    public void MoreRowsGiveANarrowerInterval()
    {
        var few = PairedComparison.Compare(Binary, "AreaUnderRocCurve", BinaryRows(100, 1.2, 1.0))!;
        var many = PairedComparison.Compare(Binary, "AreaUnderRocCurve", BinaryRows(1600, 1.2, 1.0))!;

        var (fewWidth, manyWidth) = (few.Upper - few.Lower, many.Upper - many.Lower);
        Assert.IsTrue(manyWidth < fewWidth / 2, $"100 rows: {fewWidth}; 1600 rows: {manyWidth} (about a quarter expected, as 1/sqrt(n))");
    }

    [TestMethod]
    public void AHigherConfidenceWidensTheInterval()
    {
        var rows = BinaryRows(300, 1.2, 1.0);
        var at90 = PairedComparison.Compare(Binary, "AreaUnderRocCurve", rows, confidence: 0.9)!;
        var at99 = PairedComparison.Compare(Binary, "AreaUnderRocCurve", rows, confidence: 0.99)!;

        Assert.IsTrue(at99.Upper > at90.Upper && at99.Lower < at90.Lower, $"{at90} / {at99}");
        Assert.AreEqual(0.99, at99.Confidence);
    }

    [TestMethod]
    public void TheSameSeedGivesTheSameBoundsAndAnotherSeedOthers()
    {
        var rows = BinaryRows(300, 1.2, 1.0);

        var first = PairedComparison.Compare(Binary, "AreaUnderRocCurve", rows)!;
        var again = PairedComparison.Compare(Binary, "AreaUnderRocCurve", rows)!;
        var other = PairedComparison.Compare(Binary, "AreaUnderRocCurve", rows, seed: 1)!;

        Assert.AreEqual(first, again);
        Assert.AreEqual(first.WorseBy, other.WorseBy, "the estimate does not depend on the resampling");
        Assert.AreNotEqual(first.Upper, other.Upper);
    }

    [TestMethod]
    public void MulticlassComparesTheShareRight()
    {
        var schema = Schema(MlTask.MulticlassClassification, ["a", "b", "c"]);
        var classes = new[] { "a", "b", "c" };
        var random = new Random(5);
        // The challenger is right 90% of the time, the champion 60%.
        var rows = Enumerable.Range(0, 500).Select(i =>
        {
            var actual = classes[i % 3];
            string Answer(double right) => random.NextDouble() < right ? actual : classes[(i + 1) % 3];
            return new PairedRow(actual, Answer(0.6), double.NaN, Answer(0.9), double.NaN);
        }).ToList();

        var result = PairedComparison.Compare(schema, "MicroAccuracy", rows)!;

        Assert.AreEqual(0.6, result.Champion, 0.06);
        Assert.AreEqual(0.9, result.Challenger, 0.04);
        Assert.AreEqual(result.Champion - result.Challenger, result.WorseBy, 1e-12);
        Assert.IsTrue(result.Upper < 0, $"{result}");
    }

    [TestMethod]
    public void RegressionErrorsAreWorseWhenHigher()
    {
        var schema = Schema(MlTask.Regression);
        var random = new Random(9);
        var rows = Enumerable.Range(0, 300).Select(_ =>
        {
            var actual = random.NextDouble() * 100;
            var champion = actual + (random.NextDouble() - 0.5) * 10;
            var challenger = actual + (random.NextDouble() - 0.5) * 40; // four times the error
            return new PairedRow(actual.ToString(CultureInfo.InvariantCulture), null, champion, null, challenger);
        }).ToList();

        var mae = PairedComparison.Compare(schema, "MeanAbsoluteError", rows)!;
        var r2 = PairedComparison.Compare(schema, "RSquared", rows)!;

        Assert.AreEqual(mae.Challenger - mae.Champion, mae.WorseBy, 1e-12, "MAE: lower is better, so worse-by is challenger - champion");
        Assert.IsTrue(mae.Lower > 0, $"{mae}");
        Assert.AreEqual(r2.Champion - r2.Challenger, r2.WorseBy, 1e-12);
        Assert.IsTrue(r2.Lower > 0, $"{r2}");
    }

    [TestMethod]
    public void NoRowsOrAnUndefinedMetricGiveNoResult()
    {
        Assert.IsNull(PairedComparison.Compare(Binary, "AreaUnderRocCurve", []));
        // AUC over rows of one class is undefined.
        var oneClass = BinaryRows(50, 1, 1).Select(r => r with { Actual = "true" }).ToList();
        Assert.IsNull(PairedComparison.Compare(Binary, "AreaUnderRocCurve", oneClass));
        Assert.IsNotNull(PairedComparison.Compare(Binary, "Accuracy", oneClass), "accuracy is defined over one class");
    }

    [TestMethod]
    [DataRow(0.5)]
    [DataRow(1.0)]
    public void AConfidenceOutsideHalfToOneIsRefused(double confidence) =>
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => PairedComparison.Compare(Binary, "Accuracy", BinaryRows(10, 1, 1), confidence));

    [TestMethod]
    public void MetricForKeepsTheOptimizingMetricWhenLabeledRowsGiveIt()
    {
        Assert.AreEqual("F1Score", PairedComparison.MetricFor(Binary, "F1Score"));
        Assert.AreEqual("AreaUnderRocCurve", PairedComparison.MetricFor(Binary, "areaunderroccurve"), "the canonical spelling");
        Assert.AreEqual("MeanAbsoluteError", PairedComparison.MetricFor(Schema(MlTask.Regression), "MeanAbsoluteError"));
        Assert.AreEqual("MacroAccuracy", PairedComparison.MetricFor(Schema(MlTask.MulticlassClassification, ["a", "b"]), "MacroAccuracy"));
    }

    [TestMethod]
    public void MetricForFallsBackToTheTasksHeadlineMetric()
    {
        Assert.AreEqual("MicroAccuracy", PairedComparison.MetricFor(Schema(MlTask.MulticlassClassification, ["a", "b"]), "LogLoss"),
            "multiclass log-loss needs every class's probability, which capture does not keep");
        Assert.AreEqual("AreaUnderRocCurve", PairedComparison.MetricFor(Binary, "AreaUnderPrecisionRecallCurve"));
        Assert.AreEqual("RSquared", PairedComparison.MetricFor(Schema(MlTask.Regression), "LossFunction"));
    }
}
