using MlOps.Core.Drift;

namespace MlOps.Core.Tests;

[TestClass]
public sealed class DriftStatisticsTests
{
    [TestMethod]
    public void PsiMatchesAHandComputedValue() =>
        // Σ (a − e) ln(a / e) for e = 0.25 each and a = 0.1..0.4: 0.13744 + 0.01116 + 0.00912 + 0.07050.
        Assert.AreEqual(0.22822, PopulationStability.Index([0.25, 0.25, 0.25, 0.25], [0.1, 0.2, 0.3, 0.4]), 1e-5);

    [TestMethod]
    public void PsiIsZeroForIdenticalDistributionsAndFiniteForEmptyBins()
    {
        Assert.AreEqual(0, PopulationStability.Index([0.5, 0.5], [0.5, 0.5]), 1e-12);
        var psi = PopulationStability.Index([0.5, 0.5], [1.0, 0.0]);
        Assert.IsTrue(double.IsFinite(psi) && psi > 2, $"PSI {psi}");
    }

    [TestMethod]
    public void CategorySharesPutUnseenCategoriesInTheirOwnBin()
    {
        var (expected, actual) = PopulationStability.CategoryShares(
            new Dictionary<string, int> { ["a"] = 3, ["b"] = 1 },
            new Dictionary<string, int> { ["a"] = 1, ["c"] = 1 });
        CollectionAssert.AreEqual(new[] { 0.75, 0.25, 0.0 }, expected);
        CollectionAssert.AreEqual(new[] { 0.5, 0.0, 0.5 }, actual);
    }

    [TestMethod]
    public void NumericSharesOfTheTrainingDataItselfAreStable()
    {
        var training = Enumerable.Range(0, 1000).Select(i => (double)i).ToArray();
        var quantiles = Quantiles.FromValues(training);
        var (expected, actual) = PopulationStability.NumericShares(quantiles, training);
        Assert.AreEqual(10, expected.Length);
        Assert.IsTrue(PopulationStability.Index(expected, actual) < 0.01);

        var shifted = training.Select(v => v + 500).ToArray();
        var (e2, a2) = PopulationStability.NumericShares(quantiles, shifted);
        Assert.IsTrue(PopulationStability.Index(e2, a2) > 0.2, "a half-range shift should count as drift");
    }

    [TestMethod]
    public void QuantilesUseNearestRank()
    {
        var q = Quantiles.FromValues(Enumerable.Range(1, 100).Select(i => (double)i));
        Assert.AreEqual(Quantiles.Points, q.Length);
        Assert.AreEqual(1, q[0]);
        Assert.AreEqual(50, q[50]);
        Assert.AreEqual(100, q[100]);
        var counted = Quantiles.FromCounts([new(1.0, 90), new(7.0, 10)]);
        Assert.AreEqual(1, counted[90]);
        Assert.AreEqual(7, counted[91]);
    }

    [TestMethod]
    public void KsStatisticIsTheLargestCdfGap()
    {
        Assert.AreEqual(0.5, KolmogorovSmirnov.TwoSample([1, 2, 3, 4], [3, 4, 5, 6]).Statistic, 1e-12);
        Assert.AreEqual(1.0, KolmogorovSmirnov.TwoSample([1, 2, 3], [7, 8, 9]).Statistic, 1e-12);
        Assert.AreEqual(0.0, KolmogorovSmirnov.TwoSample([1, 2, 3], [1, 2, 3]).Statistic, 1e-12);
    }

    [TestMethod]
    public void KsSurvivalFunctionMatchesTheKolmogorovDistribution()
    {
        // Tabulated values: P(K > 1) = 0.27000, P(K > 1.3581) = 0.05 (the 5% critical value).
        Assert.AreEqual(0.27000, KolmogorovSmirnov.SurvivalFunction(1.0), 1e-4);
        Assert.AreEqual(0.05, KolmogorovSmirnov.SurvivalFunction(1.3581), 1e-4);
    }

    [TestMethod]
    public void KsPValueSeparatesSameAndShiftedSamples()
    {
        var random = new Random(5);
        var a = Enumerable.Range(0, 500).Select(_ => random.NextDouble()).ToArray();
        var b = Enumerable.Range(0, 500).Select(_ => random.NextDouble()).ToArray();
        var shifted = b.Select(v => v + 0.3).ToArray();
        Assert.IsTrue(KolmogorovSmirnov.TwoSample(a, b).PValue > 0.05);
        Assert.IsTrue(KolmogorovSmirnov.TwoSample(a, shifted).PValue < 1e-6);
    }

    [TestMethod]
    [DataRow(0.0)]
    [DataRow(0.1)]
    [DataRow(0.25)]
    public void KsAgainstPercentilesBoundsTheFullSampleTest(double shift)
    {
        // The full two-sample test on all 20 000 training rows is the truth schema.json's percentiles stand in for.
        var random = new Random(11);
        var training = Normal(random, 20_000, 0);
        var recent = Normal(random, 500, shift);
        var exact = KolmogorovSmirnov.TwoSample(training, recent);
        var percentiles = Quantiles.FromValues(training);
        var (d, p) = KolmogorovSmirnov.AgainstPercentiles(percentiles, training.Length, recent);
        Assert.IsTrue(d <= exact.Statistic + 1e-12 && d >= exact.Statistic - 0.011, $"D {d} vs exact {exact.Statistic}");
        Assert.IsNotNull(p);
        Assert.IsTrue(p >= exact.PValue - 1e-12, $"conservative: p {p} vs exact {exact.PValue}");
        Assert.IsTrue(p <= Math.Max(4 * exact.PValue, 0.2) || exact.PValue > 0.05, $"close: p {p} vs exact {exact.PValue}");
        if (shift > 0) Assert.IsLessThan(1e-3, p.Value, "a tenth of a sigma in 500 rows is significant (exact p ≈ 1e-4)");
        // What the percentiles standing in for the whole sample gave: the same shift looked like noise (p ≈ 0.3).
        if (shift == 0.1) Assert.IsGreaterThan(0.1, KolmogorovSmirnov.TwoSample(percentiles, recent).PValue);
    }

    [TestMethod]
    public void KsHasNoPValueWithoutTheTrainingRowCount()
    {
        var percentiles = Quantiles.FromValues(Enumerable.Range(0, 1000).Select(i => (double)i));
        var (d, p) = KolmogorovSmirnov.AgainstPercentiles(percentiles, 0, [.. Enumerable.Range(500, 500).Select(i => (double)i)]);
        Assert.AreEqual(0.5, d, 0.011);
        Assert.IsNull(p, "an old schema.json without rowCount gives D only");
    }

    private static double[] Normal(Random random, int count, double mean) =>
        [.. Enumerable.Range(0, count).Select(_ => mean + Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()))];

    [TestMethod]
    public void DriftAnalysisFlagsAShiftedColumnAndNotAStableOne()
    {
        var random = new Random(9);
        string Rows(double shift) => "a,b,y\n" + string.Concat(Enumerable.Range(0, 400).Select(i =>
            $"{(random.NextDouble() * 100 + shift).ToString(System.Globalization.CultureInfo.InvariantCulture)},{(i % 3 == 0 ? "x" : "z")},{i % 2}\n"));
        using var dir = new TempDir();
        var training = Schema.ColumnInference.Infer(dir.Load(Rows(0), name: "train.csv"), new Schema.InferenceOptions { Label = "y" });
        var drift = DriftAnalysis.Compare(training, dir.Load(Rows(60), name: "new.csv")).ToDictionary(d => d.Column);
        Assert.IsTrue(drift["a"].Psi > 0.2 && drift["a"].KsPValue < 1e-6, $"a: {drift["a"]}");
        Assert.IsTrue(drift["b"].Psi < 0.05, $"b: {drift["b"]}");
        Assert.AreEqual(10, DriftAnalysis.BinsFor(400));
        Assert.AreEqual(3, DriftAnalysis.BinsFor(61));
    }
}
